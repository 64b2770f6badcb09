using System.Text.Json;

namespace RECertificates.Simulator;

/// <summary>One /v1 request as tests see it. The Authorization header and passwords are never kept.</summary>
/// <remarks>
/// AuthScheme is only the Authorization header's scheme ("Basic"), never its value; ClientCertificate is the subject
/// of the certificate the TLS handshake presented, if any.
/// </remarks>
public sealed record LoggedRequest(
    long Seq, DateTimeOffset Time, string Method, string Path, int Status, string? User,
    IReadOnlyList<string> CertificateNames, string? Body, string? AuthScheme = null, string? ClientCertificate = null);

/// <summary>
/// Every /v1 request in arrival order, so tests can assert what the module sent (or that -WhatIf sent nothing).
/// It also reads the request body once and keeps it for the endpoints.
/// </summary>
public sealed class RequestLog
{
    private const string BodyKey = "sim.body";
    private const string DroppedKey = "sim.dropped";
    private readonly object _gate = new();
    private readonly List<LoggedRequest> _entries = [];
    private long _seq;

    /// <summary>The request body read by the log; empty for bodiless requests.</summary>
    public static string BodyOf(HttpContext context) => context.Items[BodyKey] as string ?? "";

    /// <summary>A dropped request has no status: it is logged with 0.</summary>
    public static void MarkDropped(HttpContext context) => context.Items[DroppedKey] = true;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var seq = Interlocked.Increment(ref _seq);
        var time = DateTimeOffset.UtcNow;
        var request = context.Request;
        var body = "";
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }
        context.Items[BodyKey] = body;

        try
        {
            await next();
        }
        finally
        {
            var dropped = context.Items.ContainsKey(DroppedKey)
                || (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted);
            var isPut = HttpMethods.IsPut(request.Method);
            var entry = new LoggedRequest(
                seq, time, request.Method, request.Path.Value ?? "", dropped ? 0 : context.Response.StatusCode,
                BasicAuth.TryReadCredentials(request, out var user, out _) ? user : null,
                isPut ? CertificateNamesIn(body) : [], isPut || HttpMethods.IsPost(request.Method) ? body : null,
                AuthSchemeOf(request), context.Connection.ClientCertificate?.Subject);
            lock (_gate) _entries.Add(entry);
        }
    }

    private static string? AuthSchemeOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.Length == 0 ? null : header.Split(' ', 2)[0];
    }

    public List<LoggedRequest> Snapshot()
    {
        lock (_gate) return _entries.OrderBy(e => e.Seq).ToList();
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    /// <summary>Names from {"certificates":[{"name"}...]} or {"name"}; whatever is readable, never an error.</summary>
    private static List<string> CertificateNamesIn(string body)
    {
        var names = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return names;
            if (root.TryGetProperty("certificates", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                        names.Add(n.GetString()!);
                }
            }
            else if (root.TryGetProperty("name", out var single) && single.ValueKind == JsonValueKind.String)
            {
                names.Add(single.GetString()!);
            }
        }
        catch (JsonException)
        {
        }
        return names;
    }
}
