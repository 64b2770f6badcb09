using System.Text.Json;

namespace RECertificates.Simulator;

/// <summary>
/// The /v1 REST API the module talks to, routed by hand so that every refusal (404, 405) carries the cluster's error
/// body. Runs after the request log, the faults and Basic auth.
/// </summary>
public sealed class ClusterEndpoints(SimulatorOptions options, ClusterState state, FaultInjector faults, ErrorWriter errors, InternodeApiOutage outage, NodeListeners listeners,
    LifecycleState lifecycle, LifecycleEndpoints lifecycleEndpoints)
{
    private readonly VersionBehaviour _version = options.Behaviour;
    private readonly ClusterHealth _health = new();
    private VersionChecks Checks => new(options, _health);

    private const string CertificatesPath = "/v1/cluster/certificates";

    public Task HandleAsync(HttpContext context)
    {
        var path = (context.Request.Path.Value ?? "").TrimEnd('/');
        var method = context.Request.Method;
        return path switch
        {
            "/v1/cluster" when HttpMethods.IsPut(method) => lifecycleEndpoints.PutClusterAsync(context),
            "/v1/cluster" => Only(context, "GET", () => GetClusterAsync(context), allow: "GET, PUT"),
            _ when LifecycleEndpoints.Handles(path) => lifecycleEndpoints.HandleAsync(context, path),
            "/v1/nodes" => Only(context, "GET", () => GetNodesAsync(context)),
            "/v1/bdbs" => Only(context, "GET", () => GetDatabasesAsync(context)),
            CertificatesPath when HttpMethods.IsGet(method) => GetCertificatesAsync(context),
            CertificatesPath => Only(context, "PUT", () => PutCertificatesAsync(context), allow: "GET, PUT"),
            "/v1/cluster/update_cert" => Only(context, "PUT", () => PutUpdateCertAsync(context)),
            _ when path.StartsWith(CertificatesPath + "/", StringComparison.Ordinal) && !path[(CertificatesPath.Length + 1)..].Contains('/')
                => Only(context, "DELETE", () => DeleteCertificateAsync(context, path[(CertificatesPath.Length + 1)..])),
            _ => errors.WriteAsync(context, 404, "not_found", $"No such resource: {context.Request.Path}."),
        };
    }

    private Task Only(HttpContext context, string method, Func<Task> handler, string? allow = null)
    {
        if (string.Equals(context.Request.Method, method, StringComparison.OrdinalIgnoreCase)) return handler();
        context.Response.Headers.Allow = allow ?? method;
        return errors.WriteAsync(context, 405, "method_not_allowed", $"{context.Request.Method} is not allowed here.");
    }

    private Task GetClusterAsync(HttpContext context) => context.Response.WriteAsJsonAsync(new
    {
        name = state.ClusterName,
        created_time = state.CreatedTime.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        email_alerts = false,
        rack_aware = false,
        // Where the real cluster reports its ports (8443 and 9443 there); here chosen free at start.
        cm_port = listeners.CmPort,
        cnm_https_port = listeners.ApiPort,
        control_cipher_suites = options.ControlCipherSuites,
        data_cipher_list = options.DataCipherList,
        data_cipher_suites_tls_1_3 = options.DataCipherSuitesTls13,
        alert_settings = lifecycleEndpoints.AlertSettings(),
    });

    private Task GetNodesAsync(HttpContext context) => context.Response.WriteAsJsonAsync(
        Enumerable.Range(1, state.NodeCount).Select(uid => new
        {
            uid,
            // A node marked down (DownNodes: --down-node or the downNodes fault), or a defect that took the cluster down (RS176474, RS194253) shows here.
            status = _health.BrokenBecause is null && !lifecycle.DownNodes.Contains(uid) ? "active" : "down",
            addr = listeners.AddressOf(uid).ToString(),
            external_addr = Array.Empty<string>(),
            software_version = options.NodeVersions.GetValueOrDefault(uid, options.Version),
            os_version = "Ubuntu 22.04.4 LTS",
            shard_count = 0,
            total_memory = 16_000_000_000L,
            cores = 4,
        }));

    /// <summary>Each database with one endpoint on every node (proxy policy all-nodes), as GET /v1/bdbs shows it.</summary>
    private Task GetDatabasesAsync(HttpContext context) => context.Response.WriteAsJsonAsync(
        listeners.Databases.Select(db => new
        {
            uid = db.Uid,
            name = db.Name,
            port = db.Port,
            tls_mode = db.Tls ? "enabled" : "disabled",
            enforce_client_authentication = db.ClientCertificateRequired ? "enabled" : "disabled",
            endpoints = new[]
            {
                new
                {
                    uid = $"{db.Uid}:1",
                    dns_name = $"redis-{db.Port}.{state.ClusterName}",
                    port = db.Port,
                    addr = Enumerable.Range(1, state.NodeCount).Select(uid => listeners.AddressOf(uid).ToString()).ToArray(),
                    addr_type = "internal",
                    proxy_policy = "all-nodes",
                },
            },
        }));

    private Task GetCertificatesAsync(HttpContext context)
    {
        // Keys are hidden from a role without update_cluster; the real rule is unknown, so the module must cope.
        var showKeys = BasicAuth.RoleOf(context) == UserRole.Admin;
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, certificate) in state.MasterView())
        {
            flat[name + "_cert"] = certificate.CertificatePem;
            if (showKeys && certificate.KeyPem is not null) flat[name + "_key"] = certificate.KeyPem;
        }
        return context.Response.WriteAsJsonAsync(flat);
    }

    private async Task PutCertificatesAsync(HttpContext context)
    {
        if (!_version.HasBulkUpdate)
        {
            // A cluster older than 7.22.2 has no such route.
            await errors.WriteAsync(context, 404, "not_found", $"No such resource: {context.Request.Path}.");
            return;
        }
        if (RefuseViewer(context) is { } refused) { await refused; return; }

        var uploads = ReadBulkBody(RequestLog.BodyOf(context), out var shapeError);
        if (uploads is null)
        {
            await errors.WriteAsync(context, 400, "invalid_schema", shapeError!);
            return;
        }
        await ValidateAndApplyAsync(context, uploads);
    }

    private async Task PutUpdateCertAsync(HttpContext context)
    {
        if (RefuseViewer(context) is { } refused) { await refused; return; }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(RequestLog.BodyOf(context));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            await errors.WriteAsync(context, 400, "invalid_schema", $"Request body is not JSON: {e.Message}");
            return;
        }
        string? name, certificate, key;
        try
        {
            name = root.ValueKind == JsonValueKind.Object ? OptionalString(root, "name") : null;
            certificate = name is null ? null : OptionalString(root, "certificate");
            key = name is null ? null : NullIfEmpty(OptionalString(root, "key"));
        }
        catch (InvalidOperationException)
        {
            name = certificate = key = null;
        }
        if (string.IsNullOrEmpty(name))
        {
            await errors.WriteAsync(context, 400, "invalid_schema", "Expected {\"name\", \"certificate\", \"key\"} with string values.");
            return;
        }
        if (!_version.Knows(name))
        {
            await errors.WriteAsync(context, 403, "unknown_certificate", $"Unknown certificate name: {name}.");
            return;
        }
        // The deprecated endpoint documents 404 for an invalid certificate; an empty one is the clear case.
        if (string.IsNullOrEmpty(certificate))
        {
            await errors.WriteAsync(context, 404, "invalid_certificate", $"No certificate given for '{name}'.");
            return;
        }
        await ValidateAndApplyAsync(context, [new CertificateUpload(name, certificate, key)]);
    }

    /// <summary>Both write endpoints end here: validate everything, then update the nodes (maybe not all of them).</summary>
    private async Task ValidateAndApplyAsync(HttpContext context, IReadOnlyList<CertificateUpload> uploads)
    {
        if (CertificateValidator.Validate(uploads, DateTimeOffset.UtcNow, _version.Knows) is { } invalid)
        {
            await errors.WriteAsync(context, invalid);
            return;
        }
        if (Checks.Refuse(uploads) is { } refused)
        {
            await errors.WriteAsync(context, refused);
            return;
        }

        var missLastNode = faults.TryConsumeNodeUpdateFailure();
        var nodes = state.EveryNode.Take(missLastNode ? state.NodeCount - 1 : state.NodeCount);
        var stored = StoredPairs(uploads);
        state.Change(nodes, node =>
        {
            foreach (var (name, certificate) in stored) node[name] = certificate;
        });
        if (uploads.Any(u => u.Name.EndsWith("_internode_encryption", StringComparison.Ordinal))) outage.Begin();
        Checks.AfterApplied(uploads);

        if (missLastNode)
        {
            await errors.WriteAsync(context, 409, "nodes_not_updated",
                $"Not all nodes have been updated: node:{state.NodeCount} failed to apply the certificates. Retry the request.");
            return;
        }
        await context.Response.WriteAsJsonAsync(new { });
    }

    /// <summary>
    /// What the nodes store. RS199373: on affected versions, ccs_internode_encryption updated together with other
    /// certificates corrupts the pairs; here each keyed certificate gets the next one's key, so it shows.
    /// </summary>
    private List<(string Name, StoredCertificate Certificate)> StoredPairs(IReadOnlyList<CertificateUpload> uploads)
    {
        var corrupt = _version.CorruptsMixedInternodeUpdate && uploads.Count > 1 && uploads.Any(u => u.Name == "ccs_internode_encryption");
        var keys = uploads.Where(u => u.Key is not null).Select(u => u.Key).ToList();
        var keyed = 0;
        return uploads.Select(u => (u.Name, new StoredCertificate(u.Certificate,
            corrupt && u.Key is not null && keys.Count > 1 ? keys[++keyed % keys.Count] : u.Key))).ToList();
    }

    private async Task DeleteCertificateAsync(HttpContext context, string name)
    {
        if (RefuseViewer(context) is { } refused) { await refused; return; }
        if (CertificateCatalog.IsRequired(name))
        {
            await errors.WriteAsync(context, 403, "required_certificate", $"Certificate '{name}' is required and cannot be deleted.");
            return;
        }
        if (!CertificateCatalog.IsKnown(name) || !state.MasterView().ContainsKey(name))
        {
            await errors.WriteAsync(context, 404, "certificate_not_found", $"Unknown certificate, or not set: {name}.");
            return;
        }
        state.Change(state.EveryNode, node => node.Remove(name));
        await context.Response.WriteAsJsonAsync(new { });
    }

    private Task? RefuseViewer(HttpContext context) =>
        BasicAuth.RoleOf(context) == UserRole.Admin
            ? null
            : errors.WriteAsync(context, 403, "insufficient_permissions", "The user's role lacks the update_cluster permission.");

    /// <summary>{"certificates":[{"name","certificate","key"?}...]}, or null with the reason.</summary>
    private static List<CertificateUpload>? ReadBulkBody(string body, out string? error)
    {
        error = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("certificates", out var list) || list.ValueKind != JsonValueKind.Array
                || list.GetArrayLength() == 0)
            {
                error = "Expected {\"certificates\": [{\"name\", \"certificate\", \"key\"}, ...]} with at least one entry.";
                return null;
            }
            var uploads = new List<CertificateUpload>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || OptionalString(item, "name") is not { Length: > 0 } name
                    || OptionalString(item, "certificate") is not { } certificate)
                {
                    error = "Each certificate needs a string \"name\" and a string \"certificate\".";
                    return null;
                }
                uploads.Add(new CertificateUpload(name, certificate, NullIfEmpty(OptionalString(item, "key"))));
            }
            return uploads;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = $"Request body is not valid: {e.Message}";
            return null;
        }
    }

    /// <summary>A string property's value; null when absent or JSON null; throws InvalidOperationException on other kinds.</summary>
    private static string? OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
