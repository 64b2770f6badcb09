using System.Text;

namespace RECertificates.Simulator;

/// <summary>What a user may do: the viewer's role lacks update_cluster (and, here, view_cluster_keys).</summary>
public enum UserRole { Admin, Viewer }

/// <summary>HTTP Basic authentication against the one or two configured users, with the cluster's lockout.</summary>
public sealed class BasicAuth(SimulatorOptions options, LoginLockout lockout, ErrorWriter errors)
{
    private const string RoleKey = "sim.role";

    public static UserRole RoleOf(HttpContext context) => context.Items[RoleKey] is UserRole role ? role : UserRole.Viewer;

    public static void SetRole(HttpContext context, UserRole role) => context.Items[RoleKey] = role;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (context.Items.ContainsKey(CertificateAuth.AuthenticatedKey))
        {
            await next();
            return;
        }
        if (options.BasicAuthOff)
        {
            // What 8.2 answers with control_plane_basic_authentication off, whatever the credentials.
            await RefuseAsync(context, "unauthorized", "Basic authentication is disabled on this cluster.");
            return;
        }

        if (!TryReadCredentials(context.Request, out var user, out var password))
        {
            await RefuseAsync(context, "unauthorized", "Authentication required: send HTTP Basic credentials.");
            return;
        }

        var (expectedPassword, role) = Lookup(user);
        if (expectedPassword is null)
        {
            // Unknown users are refused but not counted: there is no account to lock.
            await RefuseAsync(context, "unauthorized", "Invalid user name or password.");
            return;
        }
        if (lockout.IsLocked(user))
        {
            await RefuseAsync(context, "user_locked", $"User {user} is locked after {LoginLockout.MaxFailures} failed logins; try again later.");
            return;
        }
        if (password != expectedPassword)
        {
            lockout.RecordFailure(user);
            await RefuseAsync(context, "unauthorized", "Invalid user name or password.");
            return;
        }

        lockout.RecordSuccess(user);
        context.Items[RoleKey] = role;
        await next();
    }

    /// <summary>The user name and password of an Authorization: Basic header, if it is well formed.</summary>
    public static bool TryReadCredentials(HttpRequest request, out string user, out string password)
    {
        user = password = "";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            if (colon <= 0) return false;
            user = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private (string? Password, UserRole Role) Lookup(string user)
    {
        if (string.Equals(user, options.User, StringComparison.OrdinalIgnoreCase)) return (options.Password, UserRole.Admin);
        if (options.ViewerUser is not null && string.Equals(user, options.ViewerUser, StringComparison.OrdinalIgnoreCase))
            return (options.ViewerPassword, UserRole.Viewer);
        return (null, UserRole.Viewer);
    }

    private Task RefuseAsync(HttpContext context, string errorCode, string description)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"Redis Enterprise REST API\"";
        return errors.WriteAsync(context, StatusCodes.Status401Unauthorized, errorCode, description);
    }
}
