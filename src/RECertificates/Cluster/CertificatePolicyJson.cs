using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The JSON of the cluster's own certificate lifecycle, both ways, as plain functions (xUnit feeds them answers):
    /// the rotation schedule (<c>/v1/job_scheduler</c>, <c>cert_rotation_job_settings</c>), the two certificate expiry
    /// alerts (<c>/v1/cluster</c>, <c>alert_settings</c>, whose threshold is a string of days on the wire), OCSP
    /// (<c>/v1/ocsp</c>, <c>/v1/ocsp/test</c>) and the health report's certificates (<c>/v4/cluster/health</c>).
    /// Sources: references/rest-api/objects/job_scheduler/, objects/cluster/alert_settings.md,
    /// cluster_alert_settings_with_threshold.md, requests/ocsp/, monitoring/health-report.md (under content/operate/rs/).
    /// </summary>
    internal static class CertificatePolicyJson
    {
        public const string RotationJob = "cert_rotation_job_settings";
        public const string ClusterCertificatesAlert = "cluster_certs_about_to_expire";
        public const string InternalCertificatesAlert = "node_internal_certs_about_to_expire";

        /// <summary>The rotation job from GET /v1/job_scheduler; fields the answer lacks stay null.</summary>
        public static RotationSettings ReadRotationSettings(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(RotationJob, out JsonElement job) || job.ValueKind != JsonValueKind.Object)
            {
                return new RotationSettings(null, null, null);
            }

            return new RotationSettings(
                Boolean(job, "enabled"),
                job.TryGetProperty("cron_expression", out JsonElement cron) && cron.ValueKind == JsonValueKind.String ? cron.GetString() : null,
                Integer(job, "expiry_days_before_rotation"));
        }

        /// <summary>The two certificate alerts from GET /v1/cluster's alert_settings; an alert the answer lacks is null.</summary>
        public static CertificateAlerts ReadCertificateAlerts(JsonElement cluster)
        {
            if (cluster.ValueKind != JsonValueKind.Object || !cluster.TryGetProperty("alert_settings", out JsonElement alerts) || alerts.ValueKind != JsonValueKind.Object)
            {
                return new CertificateAlerts(null, null);
            }

            return new CertificateAlerts(ReadAlert(alerts, ClusterCertificatesAlert), ReadAlert(alerts, InternalCertificatesAlert));
        }

        /// <summary>GET /v1/ocsp's ocsp_functionality; null when the answer does not say.</summary>
        public static bool? ReadOcspEnabled(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object ? Boolean(root, "ocsp_functionality") : null;

        /// <summary>POST /v1/ocsp/test's cert_status (GOOD, REVOKED, UNKNOWN); null when the answer has none.</summary>
        public static string? ReadOcspStatus(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (string name in new[] { "cert_status", "status" })
            {
                if (root.TryGetProperty(name, out JsonElement status) && status.ValueKind == JsonValueKind.String)
                {
                    return status.GetString();
                }
            }

            return null;
        }

        /// <summary>The health report's certificates[]: type, expired, valid_until (ISO 8601 text or seconds since 1970).</summary>
        public static IReadOnlyList<HealthCertificate> ReadHealthCertificates(JsonElement root)
        {
            var certificates = new List<HealthCertificate>();
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("certificates", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                return certificates;
            }

            foreach (JsonElement item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String
                    || string.IsNullOrEmpty(type.GetString()))
                {
                    continue;
                }

                certificates.Add(new HealthCertificate(type.GetString()!, Boolean(item, "expired") ?? false, ReadInstant(item, "valid_until")));
            }

            return certificates;
        }

        /// <summary>The body of PUT /v1/job_scheduler: only the rotation job's fields that were given.</summary>
        public static void WriteRotationSettings(Utf8JsonWriter writer, RotationSettings change)
        {
            writer.WriteStartObject();
            writer.WriteStartObject(RotationJob);
            if (change.CronExpression != null)
            {
                writer.WriteString("cron_expression", change.CronExpression);
            }

            if (change.Enabled.HasValue)
            {
                writer.WriteBoolean("enabled", change.Enabled.Value);
            }

            if (change.ExpiryDaysBeforeRotation.HasValue)
            {
                writer.WriteNumber("expiry_days_before_rotation", change.ExpiryDaysBeforeRotation.Value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        /// <summary>
        /// The body of PUT /v1/cluster: alert_settings with only the alerts that were given. A threshold goes as a
        /// string of days, as the API takes it; an alert turned off goes without one (the cluster keeps its old one).
        /// </summary>
        public static void WriteCertificateAlerts(Utf8JsonWriter writer, CertificateAlerts change)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("alert_settings");
            WriteAlert(writer, ClusterCertificatesAlert, change.Cluster);
            WriteAlert(writer, InternalCertificatesAlert, change.Internal);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static void WriteAlert(Utf8JsonWriter writer, string name, ExpiryAlert? alert)
        {
            if (alert == null)
            {
                return;
            }

            writer.WriteStartObject(name);
            writer.WriteBoolean("enabled", alert.Enabled);
            if (alert.Enabled && alert.ThresholdDays.HasValue)
            {
                writer.WriteString("threshold", alert.ThresholdDays.Value.ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteEndObject();
        }

        private static ExpiryAlert? ReadAlert(JsonElement alerts, string name)
        {
            if (!alerts.TryGetProperty(name, out JsonElement alert) || alert.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            int? threshold = null;
            if (alert.TryGetProperty("threshold", out JsonElement value))
            {
                // A string on the wire ("45"); a number is read too, should a version send one.
                if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int days))
                {
                    threshold = days;
                }
                else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number))
                {
                    threshold = number;
                }
            }

            return new ExpiryAlert(Boolean(alert, "enabled") ?? false, threshold);
        }

        private static DateTime? ReadInstant(JsonElement element, string property)
        {
            if (!element.TryGetProperty(property, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
            {
                return at.UtcDateTime;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double seconds) && seconds > 0 && seconds < 253402300799)
            {
                return DateTime.SpecifyKind(new DateTime(1970, 1, 1).AddSeconds(seconds), DateTimeKind.Utc);
            }

            return null;
        }

        private static bool? Boolean(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && (value.ValueKind == JsonValueKind.True || value.ValueKind == JsonValueKind.False)
                ? value.GetBoolean()
                : (bool?)null;

        private static int? Integer(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)
                ? number
                : (int?)null;
    }

    /// <summary>The rotation job: as read (null: the answer did not say), or as a change (null: leave as it is).</summary>
    internal sealed class RotationSettings
    {
        public RotationSettings(bool? enabled, string? cronExpression, int? expiryDaysBeforeRotation)
        {
            Enabled = enabled;
            CronExpression = cronExpression;
            ExpiryDaysBeforeRotation = expiryDaysBeforeRotation;
        }

        public bool? Enabled { get; }

        public string? CronExpression { get; }

        public int? ExpiryDaysBeforeRotation { get; }

        public bool IsEmpty => Enabled == null && CronExpression == null && ExpiryDaysBeforeRotation == null;
    }

    /// <summary>One certificate expiry alert: on or off, and the days before expiry it fires at.</summary>
    internal sealed class ExpiryAlert
    {
        public ExpiryAlert(bool enabled, int? thresholdDays)
        {
            Enabled = enabled;
            ThresholdDays = thresholdDays;
        }

        public bool Enabled { get; }

        public int? ThresholdDays { get; }

        /// <summary>What the policy shows: the threshold while the alert is on, null when it is off.</summary>
        public int? DaysWhenOn => Enabled ? ThresholdDays : null;
    }

    /// <summary>The alerts for the customer certificates and for the nodes' internal ones (null: absent, or left as it is).</summary>
    internal sealed class CertificateAlerts
    {
        public CertificateAlerts(ExpiryAlert? cluster, ExpiryAlert? @internal)
        {
            Cluster = cluster;
            Internal = @internal;
        }

        public ExpiryAlert? Cluster { get; }

        public ExpiryAlert? Internal { get; }

        public bool IsEmpty => Cluster == null && Internal == null;
    }

    /// <summary>One internal certificate as the health report lists it.</summary>
    internal sealed class HealthCertificate
    {
        public HealthCertificate(string type, bool expired, DateTime? validUntilUtc)
        {
            Type = type;
            Expired = expired;
            ValidUntilUtc = validUntilUtc;
        }

        /// <summary>Such as gossip_ca_signed.</summary>
        public string Type { get; }

        public bool Expired { get; }

        public DateTime? ValidUntilUtc { get; }
    }
}
