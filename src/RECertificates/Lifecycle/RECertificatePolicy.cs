namespace RECertificates
{
    /// <summary>
    /// How one cluster looks after its own certificates (Get-RECertificatePolicy): the schedule on which it
    /// regenerates its internal certificates, the two certificate expiry alerts, and whether OCSP is on. A value the
    /// cluster does not report (an older version) is null.
    /// </summary>
    public sealed class RECertificatePolicy
    {
        internal RECertificatePolicy(string? clusterName, bool? rotationEnabled, string? rotationSchedule, int? rotateDaysBeforeExpiry,
            int? expiryAlertDays, int? internalExpiryAlertDays, bool? ocspEnabled, RESession? session)
        {
            ClusterName = clusterName;
            RotationEnabled = rotationEnabled;
            RotationSchedule = rotationSchedule;
            RotateDaysBeforeExpiry = rotateDaysBeforeExpiry;
            ExpiryAlertDays = expiryAlertDays;
            InternalExpiryAlertDays = internalExpiryAlertDays;
            OcspEnabled = ocspEnabled;
            Session = session;
        }

        public string? ClusterName { get; }

        /// <summary>Whether the cluster's rotation job runs (job_scheduler, cert_rotation_job_settings.enabled).</summary>
        public bool? RotationEnabled { get; }

        /// <summary>When the rotation job runs: a five-field cron expression (the cluster's default is '0 * * * *').</summary>
        public string? RotationSchedule { get; }

        /// <summary>How many days before expiry the job regenerates an internal certificate (1-90; default 60).</summary>
        public int? RotateDaysBeforeExpiry { get; }

        /// <summary>Days before expiry the alert for the certificates you provide fires; null when the alert is off.</summary>
        public int? ExpiryAlertDays { get; }

        /// <summary>Days before expiry the alert for the nodes' internal certificates fires; null when the alert is off.</summary>
        public int? InternalExpiryAlertDays { get; }

        /// <summary>Whether OCSP is on (GET /v1/ocsp, ocsp_functionality); null where the cluster has no OCSP endpoint.</summary>
        public bool? OcspEnabled { get; }

        /// <summary>The session it was read through, so Set-RECertificatePolicy binds it from the pipeline.</summary>
        public RESession? Session { get; }

        public override string ToString() => ClusterName ?? string.Empty;
    }
}
