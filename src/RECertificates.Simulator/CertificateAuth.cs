using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Simulator;

/// <summary>
/// Certificate-based login (mutual TLS), as a cluster with mtls_certificate_authentication on does it: a client
/// certificate that chains to a CA in the cluster's current mtls_trusted_ca, and whose subject line (RFC 2253, CN
/// first, no space after commas) is the certificate user's, logs in as that user. A certificate that fails either
/// check is refused with 401; without a certificate, Basic decides (unless it is turned off).
/// </summary>
public sealed class CertificateAuth(SimulatorOptions options, ClusterState state, ErrorWriter errors)
{
    public const string AuthenticatedKey = "sim.certificate-login";

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var certificate = context.Connection.ClientCertificate;
        if (options.ClientCaPem is null || certificate is null)
        {
            await next();
            return;
        }

        if (!IsTrusted(certificate))
        {
            await RefuseAsync(context, $"The client certificate '{certificate.Subject}' is not issued by a CA in mtls_trusted_ca.");
            return;
        }
        if (!string.Equals(SubjectLine(certificate), options.CertificateUser, StringComparison.Ordinal))
        {
            await RefuseAsync(context, $"No user with auth_method certificate has the certificate_subject_line '{SubjectLine(certificate)}'.");
            return;
        }

        context.Items[AuthenticatedKey] = true;
        BasicAuth.SetRole(context, UserRole.Admin);
        await next();
    }

    /// <summary>"CN=ops, O=Example" as .NET writes it becomes "CN=ops,O=Example" (quoted values left alone).</summary>
    public static string SubjectLine(X509Certificate2 certificate)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in certificate.Subject)
        {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        parts.Add(current.ToString().Trim());
        return string.Join(",", parts);
    }

    private bool IsTrusted(X509Certificate2 certificate)
    {
        if (!state.MasterView().TryGetValue("mtls_trusted_ca", out var trusted)) return false;
        List<X509Certificate2> roots;
        try { roots = Pem.ReadCertificates(trusted.CertificatePem); }
        catch (Exception) { return false; }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        return chain.Build(certificate);
    }

    private Task RefuseAsync(HttpContext context, string description) =>
        errors.WriteAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", description);
}
