using System.Text.Json;
using System.Text.Json.Nodes;

namespace RECertificates.Simulator;

/// <summary>
/// /__sim/*: the test-only side door. No auth, no faults, not logged: tests use it to look inside and to stage
/// situations a real cluster gets into (odd certificates, lockouts, flaky networks).
/// </summary>
public sealed class ControlEndpoints(
    ClusterState state, FaultInjector faults, RequestLog log, ConnectionCounter connections, LoginLockout lockout, NodeListeners listeners, LifecycleState lifecycle)
{
    public async Task HandleAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").TrimEnd('/');
        var method = context.Request.Method.ToUpperInvariant();
        switch (path, method)
        {
            case ("/requests", "GET"): await context.Response.WriteAsJsonAsync(log.Snapshot()); break;
            case ("/requests", "DELETE"): log.Clear(); await Ok(context); break;
            case ("/connections", "GET"): await context.Response.WriteAsJsonAsync(new { open = connections.Open, total = connections.Total }); break;
            case ("/faults", "GET"): await context.Response.WriteAsJsonAsync(faults.Snapshot()); break;
            case ("/faults", "POST"): await PostFaultsAsync(context); break;
            case ("/faults", "DELETE"): faults.Clear(); await context.Response.WriteAsJsonAsync(faults.Snapshot()); break;
            case ("/state", "GET"): await GetStateAsync(context); break;
            case ("/certificates", "PUT"): await PutCertificatesAsync(context); break;
            case ("/unlock", "POST"): lockout.Clear(); await Ok(context); break;
            case ("/handshakes", "GET"): await context.Response.WriteAsJsonAsync(listeners.Handshakes); break;
            case ("/handshakes", "DELETE"): listeners.ClearHandshakes(); await Ok(context); break;
            case ("/lifecycle", "GET"): await GetLifecycleAsync(context); break;
            case ("/lifecycle", "POST"): await PostLifecycleAsync(context); break;
            case ("/handshakes" or "/requests" or "/connections" or "/faults" or "/state" or "/certificates" or "/unlock" or "/lifecycle", _):
                await Problem(context, 405, $"{method} is not allowed on /__sim{path}."); break;
            default: await Problem(context, 404, $"No control endpoint /__sim{path}."); break;
        }
    }

    private async Task PostFaultsAsync(HttpContext context)
    {
        if (await ReadObjectAsync(context) is not { } body) return;
        if (faults.Update(body) is { } error) { await Problem(context, 400, error); return; }
        await context.Response.WriteAsJsonAsync(faults.Snapshot());
    }

    private Task GetStateAsync(HttpContext context) => context.Response.WriteAsJsonAsync(
        state.AllNodes().Select((node, index) => new
        {
            uid = index + 1,
            certificates = new SortedDictionary<string, string?>(node.ToDictionary(c => c.Key, c => c.Value.Thumbprint), StringComparer.Ordinal),
        }));

    /// <summary>
    /// Flat like GET /v1/cluster/certificates, no validation. "X_cert": replaces X (its key becomes "X_key" if given,
    /// else none); "X_cert": null removes X; "X_key" alone replaces or (null) removes just the key. ?node=N limits the
    /// change to one node, to stage a cluster whose nodes disagree.
    /// </summary>
    private async Task PutCertificatesAsync(HttpContext context)
    {
        if (await ReadObjectAsync(context) is not { } body) return;

        var changes = new Dictionary<string, (bool HasCert, string? Cert, bool HasKey, string? Key)>(StringComparer.Ordinal);
        foreach (var (property, value) in body)
        {
            string? text;
            try { text = value?.GetValue<string>(); }
            catch (InvalidOperationException) { await Problem(context, 400, $"{property} must be a string or null."); return; }

            if (property.EndsWith("_cert", StringComparison.Ordinal) && property.Length > 5)
            {
                var name = property[..^5];
                changes[name] = changes.GetValueOrDefault(name) with { HasCert = true, Cert = text };
            }
            else if (property.EndsWith("_key", StringComparison.Ordinal) && property.Length > 4)
            {
                var name = property[..^4];
                changes[name] = changes.GetValueOrDefault(name) with { HasKey = true, Key = text };
            }
            else
            {
                await Problem(context, 400, $"{property} is not <name>_cert or <name>_key.");
                return;
            }
        }

        IEnumerable<int> nodes = state.EveryNode;
        if (context.Request.Query["node"] is { Count: > 0 } nodeText)
        {
            if (!int.TryParse(nodeText, out var uid) || uid < 1 || uid > state.NodeCount)
            {
                await Problem(context, 400, $"node must be 1..{state.NodeCount}.");
                return;
            }
            nodes = [uid - 1];
        }

        // A key alone needs a certificate to belong to, on every node it goes to.
        var snapshot = state.AllNodes();
        var orphanKeys = changes.Where(c => !c.Value.HasCert && c.Value.Key is not null
            && nodes.Any(n => !snapshot[n].ContainsKey(c.Key))).Select(c => c.Key).ToList();
        if (orphanKeys.Count > 0)
        {
            await Problem(context, 400, $"No certificate to attach the key to: {string.Join(", ", orphanKeys)}.");
            return;
        }

        state.Change(nodes, node =>
        {
            foreach (var (name, change) in changes)
            {
                if (change.HasCert)
                {
                    if (change.Cert is null) node.Remove(name);
                    else node[name] = new StoredCertificate(change.Cert, change.Key);
                }
                else if (node.TryGetValue(name, out var existing))
                {
                    node[name] = existing with { KeyPem = change.Key };
                }
            }
        });
        await GetStateAsync(context);
    }

    /// <summary>The lifecycle's staged situations and each node's internal certificates (valid_until per type).</summary>
    private Task GetLifecycleAsync(HttpContext context) => context.Response.WriteAsJsonAsync(new
    {
        downNodes = lifecycle.DownNodes.Uids,
        rotationUnsupported = lifecycle.RotationUnsupported,
        ocspFunctionality = lifecycle.OcspFunctionality,
        ocspStatus = lifecycle.OcspStatus,
        rotations = lifecycle.Rotations,
        nodes = lifecycle.PerNode().Select((node, index) => new
        {
            uid = index + 1,
            internalCertificates = node.ToDictionary(c => c.Key, c => c.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
        }),
    });

    /// <summary>{"downNodes": [2], "rotationUnsupported": true, "ocspFunctionality": true, "ocspStatus": "REVOKED"}: each field present replaces that setting.</summary>
    private async Task PostLifecycleAsync(HttpContext context)
    {
        if (await ReadObjectAsync(context) is not { } body) return;
        try
        {
            int[]? down = body["downNodes"] is JsonArray nodes ? nodes.Select(n => n!.GetValue<int>()).ToArray() : null;
            bool? unsupported = body["rotationUnsupported"]?.GetValue<bool>();
            bool? ocsp = body["ocspFunctionality"]?.GetValue<bool>();
            string? status = body["ocspStatus"]?.GetValue<string>()?.ToUpperInvariant();
            if (status is not (null or "GOOD" or "REVOKED" or "UNKNOWN")) { await Problem(context, 400, "ocspStatus is GOOD, REVOKED or UNKNOWN."); return; }
            if (down is not null) lifecycle.DownNodes.Set(down);
            lock (lifecycle.Gate)
            {
                if (unsupported is { } u) lifecycle.RotationUnsupported = u;
                if (ocsp is { } o) lifecycle.OcspFunctionality = o;
                if (status is not null) lifecycle.OcspStatus = status;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            await Problem(context, 400, $"Invalid lifecycle setting: {e.Message}");
            return;
        }
        await GetLifecycleAsync(context);
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) is JsonObject body)
                return body;
        }
        catch (JsonException)
        {
        }
        await Problem(context, 400, "Expected a JSON object.");
        return null;
    }

    private static Task Ok(HttpContext context) => context.Response.WriteAsJsonAsync(new { });

    private static Task Problem(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error });
    }
}
