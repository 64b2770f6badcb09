using System.Globalization;
using System.Text.Json;

namespace RECertificates.Simulator;

/// <summary>
/// The endpoints of the cluster's own certificate lifecycle, as redis/docs describe them (content/operate/rs/):
/// POST /v1/cluster/certificates/rotate (references/rest-api/requests/cluster/certificates/rotate.md), GET/PUT
/// /v1/job_scheduler (objects/job_scheduler/), alert_settings in PUT /v1/cluster (objects/cluster/alert_settings.md),
/// GET /v4/cluster/health from 8.0.16 (monitoring/health-report.md), GET/PUT /v1/ocsp and POST /v1/ocsp/test
/// (requests/ocsp/), and the SAML service provider metadata (security/access-control/saml-sso.md). PUT bodies are
/// checked as the API would: a wrong field or type is a 400 with an error body, and nothing changes.
/// </summary>
public sealed class LifecycleEndpoints(SimulatorOptions options, LifecycleState lifecycle, ErrorWriter errors)
{
    private readonly VersionBehaviour _version = options.Behaviour;

    public const string RotatePath = "/v1/cluster/certificates/rotate";

    /// <summary>Whether the path is one of these endpoints (PUT /v1/cluster aside, which ClusterEndpoints routes here).</summary>
    public static bool Handles(string path) =>
        path is RotatePath or "/v1/job_scheduler" or "/v1/ocsp" or "/v1/ocsp/test" or "/v4/cluster/health" or "/v1/cluster/sso/saml/metadata/sp";

    public Task HandleAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        return (path, method) switch
        {
            (RotatePath, "POST") => RotateAsync(context),
            ("/v1/job_scheduler", "GET") => context.Response.WriteAsJsonAsync(JobScheduler()),
            ("/v1/job_scheduler", "PUT") => PutJobSchedulerAsync(context),
            ("/v1/ocsp" or "/v1/ocsp/test", _) when !options.HasOcsp => NotFound(context),
            ("/v1/ocsp", "GET") => context.Response.WriteAsJsonAsync(Ocsp()),
            ("/v1/ocsp", "PUT") => PutOcspAsync(context),
            ("/v1/ocsp/test", "POST") => TestOcspAsync(context),
            ("/v4/cluster/health", "GET") => _version.HasHealthReport ? context.Response.WriteAsJsonAsync(Health()) : NotFound(context),
            ("/v1/cluster/sso/saml/metadata/sp", "GET") => _version.Knows("sso_service") ? SpMetadataAsync(context) : NotFound(context),
            _ => NotAllowed(context, path),
        };
    }

    /// <summary>What GET /v1/cluster adds: the alert settings.</summary>
    public object AlertSettings()
    {
        lock (lifecycle.Gate)
        {
            var settings = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, (enabled, threshold)) in lifecycle.ThresholdAlerts) settings[name] = new { enabled, threshold };
            settings["cluster_ocsp_status_revoked"] = lifecycle.OcspRevokedAlert;
            return settings;
        }
    }

    /// <summary>PUT /v1/cluster: the simulator keeps only alert_settings; other cluster fields are taken and ignored.</summary>
    public async Task PutClusterAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused) { await refused; return; }
        if (ReadObject(context, out var root) is { } bad) { await Invalid(context, bad); return; }
        if (!root.TryGetProperty("alert_settings", out var alerts))
        {
            await context.Response.WriteAsJsonAsync(new { });
            return;
        }
        if (alerts.ValueKind != JsonValueKind.Object) { await Invalid(context, "alert_settings must be an object."); return; }

        var thresholds = new Dictionary<string, (bool? Enabled, string? Threshold)>(StringComparer.Ordinal);
        bool? revoked = null;
        foreach (var alert in alerts.EnumerateObject())
        {
            if (alert.Name == "cluster_ocsp_status_revoked")
            {
                if (alert.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { await Invalid(context, "cluster_ocsp_status_revoked must be a boolean."); return; }
                revoked = alert.Value.GetBoolean();
                continue;
            }
            if (!lifecycle.ThresholdAlerts.ContainsKey(alert.Name)) { await Invalid(context, $"Unknown alert '{alert.Name}'."); return; }
            if (ReadThresholdAlert(alert.Name, alert.Value, out var enabled, out var threshold) is { } wrong) { await Invalid(context, wrong); return; }
            thresholds[alert.Name] = (enabled, threshold);
        }

        lock (lifecycle.Gate)
        {
            foreach (var (name, (enabled, threshold)) in thresholds)
            {
                var held = lifecycle.ThresholdAlerts[name];
                lifecycle.ThresholdAlerts[name] = (enabled ?? held.Enabled, threshold ?? held.Threshold);
            }
            if (revoked is { } r) lifecycle.OcspRevokedAlert = r;
        }
        await context.Response.WriteAsJsonAsync(new { });
    }

    /// <summary>
    /// Regenerates the internal certificates on every node. A node that is down: on versions with RS200137 (before
    /// 8.2.0-46) it is skipped, silently, and never retried; later versions rotate the others and answer 400
    /// "not all nodes have been updated".
    /// </summary>
    private async Task RotateAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused) { await refused; return; }
        if (ReadObject(context, out var root) is { } bad) { await Invalid(context, bad); return; }
        string? name = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "name" || property.Value.ValueKind != JsonValueKind.String)
            {
                await Invalid(context, "The body is {} or {\"name\": \"<internal certificate>\"}.");
                return;
            }
            name = property.Value.GetString();
        }
        if (lifecycle.RotationUnsupported || (name is not null && !LifecycleState.InternalTypes.Contains(name)))
        {
            await errors.WriteAsync(context, 403, "unsupported_rotation", name is null
                ? "Unsupported internal certificate rotation."
                : $"Unsupported internal certificate rotation: '{name}' is not an internal certificate.");
            return;
        }

        var skipped = lifecycle.Rotate(name is null ? LifecycleState.InternalTypes : [name]);
        if (skipped.Count > 0 && !_version.SkipsDownNodesOnRotation)
        {
            await errors.WriteAsync(context, 400, "nodes_not_updated",
                $"Failed, not all nodes have been updated: {string.Join(", ", skipped.Select(uid => $"node:{uid}"))} did not answer.");
            return;
        }
        await context.Response.WriteAsJsonAsync(new { });
    }

    private object JobScheduler()
    {
        lock (lifecycle.Gate)
        {
            return new Dictionary<string, object>
            {
                ["backup_job_settings"] = new { cron_expression = "*/5 * * * *", enabled = true },
                ["cert_rotation_job_settings"] = new
                {
                    cron_expression = lifecycle.CronExpression,
                    enabled = lifecycle.RotationEnabled,
                    expiry_days_before_rotation = lifecycle.ExpiryDaysBeforeRotation,
                },
            };
        }
    }

    private async Task PutJobSchedulerAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused) { await refused; return; }
        if (ReadObject(context, out var root) is { } bad) { await Invalid(context, bad); return; }
        string? cron = null;
        bool? enabled = null;
        int? days = null;
        foreach (var job in root.EnumerateObject())
        {
            if (job.Name is "backup_job_settings" or "node_checks_job_settings" or "log_rotation_job_settings" or "redis_cleanup_job_settings" or "rotate_ccs_job_settings")
                continue; // other jobs: taken, not simulated
            if (job.Name != "cert_rotation_job_settings") { await Invalid(context, $"Unknown job '{job.Name}'."); return; }
            if (job.Value.ValueKind != JsonValueKind.Object) { await Invalid(context, "cert_rotation_job_settings must be an object."); return; }
            foreach (var field in job.Value.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "cron_expression" when field.Value.ValueKind == JsonValueKind.String && IsCron(field.Value.GetString()!):
                        cron = field.Value.GetString();
                        break;
                    case "cron_expression":
                        await Invalid(context, "cron_expression must be a cron expression of five fields.");
                        return;
                    case "enabled" when field.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        enabled = field.Value.GetBoolean();
                        break;
                    case "expiry_days_before_rotation" when field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt32(out var d) && d is >= 1 and <= 90:
                        days = d;
                        break;
                    default:
                        await Invalid(context, $"Invalid value for cert_rotation_job_settings.{field.Name}: {field.Value.GetRawText()}.");
                        return;
                }
            }
        }
        lock (lifecycle.Gate)
        {
            if (cron is not null) lifecycle.CronExpression = cron;
            if (enabled is { } e) lifecycle.RotationEnabled = e;
            if (days is { } n) lifecycle.ExpiryDaysBeforeRotation = n;
        }
        await context.Response.WriteAsJsonAsync(JobScheduler());
    }

    private object Ocsp()
    {
        lock (lifecycle.Gate)
        {
            return new
            {
                ocsp_functionality = lifecycle.OcspFunctionality,
                responder_url = "http://ocsp.example.com",
                query_frequency = 3600,
                response_timeout = 1,
                recovery_frequency = 60,
                recovery_max_tries = 5,
            };
        }
    }

    private async Task PutOcspAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused) { await refused; return; }
        if (ReadObject(context, out var root) is { } bad) { await Invalid(context, bad); return; }
        bool? on = null;
        foreach (var field in root.EnumerateObject())
        {
            if (field.Name == "ocsp_functionality" && field.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) on = field.Value.GetBoolean();
            else if (field.Name is "query_frequency" or "response_timeout" or "recovery_frequency" or "recovery_max_tries" && field.Value.ValueKind == JsonValueKind.Number) { }
            else { await Invalid(context, $"Invalid OCSP field '{field.Name}'."); return; }
        }
        lock (lifecycle.Gate)
        {
            if (on is { } value) lifecycle.OcspFunctionality = value;
        }
        await context.Response.WriteAsJsonAsync(Ocsp());
    }

    private async Task TestOcspAsync(HttpContext context)
    {
        if (Refuse(context) is { } refused) { await refused; return; }
        string status;
        lock (lifecycle.Gate)
        {
            if (!lifecycle.OcspFunctionality) status = "";
            else status = lifecycle.OcspStatus;
        }
        if (status.Length == 0)
        {
            await errors.WriteAsync(context, 400, "ocsp_disabled", "OCSP functionality is disabled.");
            return;
        }
        var now = DateTimeOffset.UtcNow;
        await context.Response.WriteAsJsonAsync(new
        {
            responder_url = "http://ocsp.example.com",
            cert_status = status,
            produced_at = now.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture),
            this_update = now.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture),
            next_update = now.AddHours(1).ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture),
            revocation_time = status == "REVOKED" ? now.AddDays(-1).ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture) : null,
        });
    }

    private object Health()
    {
        var now = DateTimeOffset.UtcNow;
        return new
        {
            cluster_name = options.ClusterName,
            certificates = lifecycle.Health().Select(c => new
            {
                type = c.Type,
                expired = c.ValidUntil <= now,
                valid_until = c.ValidUntil.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            }),
        };
    }

    private static Task SpMetadataAsync(HttpContext context)
    {
        context.Response.ContentType = "application/samlmetadata+xml";
        return context.Response.WriteAsync(
            """<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://127.0.0.1/sp"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>""");
    }

    private string? ReadThresholdAlert(string name, JsonElement value, out bool? enabled, out string? threshold)
    {
        enabled = null;
        threshold = null;
        if (value.ValueKind != JsonValueKind.Object) return $"{name} must be an object with enabled and threshold.";
        foreach (var field in value.EnumerateObject())
        {
            if (field.Name == "enabled" && field.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) enabled = field.Value.GetBoolean();
            else if (field.Name == "threshold" && field.Value.ValueKind == JsonValueKind.String
                && int.TryParse(field.Value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days > 0)
                threshold = field.Value.GetString();
            else if (field.Name == "threshold") return $"{name}.threshold must be a string of a positive number of days, such as \"45\".";
            else return $"Invalid field {name}.{field.Name}.";
        }
        return null;
    }

    /// <summary>Five fields of digits, '*', ',', '-', '/' or names: what the job scheduler takes.</summary>
    private static bool IsCron(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5 && fields.All(f => f.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or ',' or '-' or '/'));
    }

    private static string? ReadObject(HttpContext context, out JsonElement root)
    {
        root = default;
        var body = RequestLog.BodyOf(context);
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}" : body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return $"Request body is not JSON: {e.Message}";
        }
        return root.ValueKind == JsonValueKind.Object ? null : "Request body must be a JSON object.";
    }

    private Task Invalid(HttpContext context, string description) => errors.WriteAsync(context, 400, "invalid_schema", description);

    private Task NotFound(HttpContext context) => errors.WriteAsync(context, 404, "not_found", $"No such resource: {context.Request.Path}.");

    private Task NotAllowed(HttpContext context, string path)
    {
        context.Response.Headers.Allow = path switch
        {
            RotatePath or "/v1/ocsp/test" => "POST",
            "/v1/job_scheduler" or "/v1/ocsp" => "GET, PUT",
            _ => "GET",
        };
        return errors.WriteAsync(context, 405, "method_not_allowed", $"{context.Request.Method} is not allowed here.");
    }

    private Task? Refuse(HttpContext context) =>
        BasicAuth.RoleOf(context) == UserRole.Admin
            ? null
            : errors.WriteAsync(context, 403, "insufficient_permissions", "The user's role lacks the update_cluster permission.");
}
