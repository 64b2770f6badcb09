using System.Text;
using System.Text.Json;
using RECertificates.Cluster;
using RECertificates.Lifecycle;
using RECertificates.Renewal;

namespace RECertificates.Tests;

/// <summary>
/// The cluster's own certificate lifecycle, without a cluster: the checks Set-RECertificatePolicy runs before sending
/// (cron, days, thresholds, contradictions), its plan against what a cluster holds, the JSON both ways, what proves a
/// rotation, the rotation's statuses, the warnings after a change, and the report's section of internal certificates.
/// </summary>
public class CertificateLifecycleTests
{
    [Theory]
    [InlineData("0 * * * *")]
    [InlineData("30 2 * * *")]
    [InlineData("*/15 0-6 1,15 * MON-FRI")]
    [InlineData("0 3 * JAN,JUL 0")]
    [InlineData("  5   4 * * 7 ")]
    [InlineData("0 0 1-31/2 1-12 *")]
    public void A_five_field_cron_expression_passes(string expression)
    {
        Assert.Null(CronSchedule.Problem(expression));
    }

    [Theory]
    [InlineData("", "0 field(s)")]
    [InlineData("* * *", "3 field(s)")]
    [InlineData("0 * * * * *", "6 field(s)")]
    [InlineData("60 * * * *", "minute field '60'")]
    [InlineData("0 24 * * *", "hour field '24'")]
    [InlineData("0 0 0 * *", "day of month field '0'")]
    [InlineData("0 0 * 13 *", "month field '13'")]
    [InlineData("0 0 * * 8", "day of week field '8'")]
    [InlineData("0 0 * * FUNDAY", "day of week field 'FUNDAY'")]
    [InlineData("*/0 * * * *", "step '0'")]
    [InlineData("5-1 * * * *", "runs backwards")]
    [InlineData("1,,2 * * * *", "not a number")]
    [InlineData("@hourly", "1 field(s)")]
    public void A_bad_cron_expression_is_told_what_is_wrong(string expression, string expected)
    {
        string? problem = CronSchedule.Problem(expression);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(91)]
    [InlineData(-5)]
    public void Days_before_rotation_outside_1_to_90_name_their_parameter(int days)
    {
        PolicyProblem problem = Assert.Single(new CertificatePolicyRequest { RotateDaysBeforeExpiry = days }.Validate());
        Assert.Equal("RotateDaysBeforeExpiry", problem.Parameter);
        Assert.Contains("1-90", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(90)]
    public void Days_before_rotation_at_the_bounds_pass(int days)
    {
        Assert.Empty(new CertificatePolicyRequest { RotateDaysBeforeExpiry = days }.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_threshold_that_is_not_positive_names_its_parameter(int days)
    {
        IReadOnlyList<PolicyProblem> problems = new CertificatePolicyRequest { ExpiryAlertDays = days, InternalExpiryAlertDays = days }.Validate();
        Assert.Equal(new[] { "ExpiryAlertDays", "InternalExpiryAlertDays" }, problems.Select(p => p.Parameter));
        Assert.All(problems, p => Assert.Contains("positive", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Disabling_the_alerts_cannot_go_with_a_threshold()
    {
        PolicyProblem problem = Assert.Single(new CertificatePolicyRequest { DisableExpiryAlert = true, InternalExpiryAlertDays = 30 }.Validate());
        Assert.Equal("InternalExpiryAlertDays", problem.Parameter);
        Assert.Contains("-DisableExpiryAlert", problem.Message, StringComparison.Ordinal);
        Assert.Empty(new CertificatePolicyRequest { DisableExpiryAlert = true }.Validate());
    }

    [Fact]
    public void A_bad_schedule_names_the_parameter_and_an_example()
    {
        PolicyProblem problem = Assert.Single(new CertificatePolicyRequest { RotationSchedule = "every night" }.Validate());
        Assert.Equal("RotationSchedule", problem.Parameter);
        Assert.Contains("'0 * * * *'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_sends_only_what_was_given_and_differs_and_tells_old_and_new()
    {
        RECertificatePolicy held = Policy(rotationEnabled: true, schedule: "0 * * * *", days: 60, alert: 45, internalAlert: null);
        PolicyPlan plan = new CertificatePolicyRequest { RotationEnabled = true, RotationSchedule = "30 2 * * *", InternalExpiryAlertDays = 30, ExpiryAlertDays = 45 }.Plan(held);

        Assert.Null(plan.Rotation.Enabled);
        Assert.Equal("30 2 * * *", plan.Rotation.CronExpression);
        Assert.Null(plan.Rotation.ExpiryDaysBeforeRotation);
        Assert.Null(plan.Alerts.Cluster);
        Assert.True(plan.Alerts.Internal!.Enabled);
        Assert.Equal(30, plan.Alerts.Internal.ThresholdDays);
        Assert.Equal(new[] { "rotation schedule '0 * * * *' -> '30 2 * * *'", "expiry alert (internal certificates) off -> 30 days" }, plan.Changes);
    }

    [Fact]
    public void The_plan_is_empty_when_the_cluster_already_holds_the_values()
    {
        RECertificatePolicy held = Policy(rotationEnabled: false, schedule: "0 * * * *", days: 60, alert: null, internalAlert: null);
        Assert.True(new CertificatePolicyRequest { RotationEnabled = false, RotateDaysBeforeExpiry = 60, DisableExpiryAlert = true }.Plan(held).IsEmpty);
    }

    [Fact]
    public void Disabling_turns_off_only_the_alerts_that_are_on()
    {
        PolicyPlan plan = new CertificatePolicyRequest { DisableExpiryAlert = true }.Plan(Policy(true, "0 * * * *", 60, alert: 45, internalAlert: null));
        Assert.False(plan.Alerts.Cluster!.Enabled);
        Assert.Null(plan.Alerts.Internal);
        Assert.Equal(new[] { "expiry alert (your certificates) 45 days -> off" }, plan.Changes);
    }

    [Fact]
    public void The_rotation_job_is_read_from_the_job_scheduler()
    {
        RotationSettings settings = CertificatePolicyJson.ReadRotationSettings(Json(
            """{"backup_job_settings":{"cron_expression":"*/5 * * * *","enabled":true},"cert_rotation_job_settings":{"cron_expression":"0 * * * *","enabled":false,"expiry_days_before_rotation":60}}"""));
        Assert.False(settings.Enabled);
        Assert.Equal("0 * * * *", settings.CronExpression);
        Assert.Equal(60, settings.ExpiryDaysBeforeRotation);
        Assert.True(CertificatePolicyJson.ReadRotationSettings(Json("""{"backup_job_settings":{}}""")).IsEmpty);
    }

    [Fact]
    public void The_alerts_are_read_with_their_threshold_as_a_string_and_null_when_off()
    {
        CertificateAlerts alerts = CertificatePolicyJson.ReadCertificateAlerts(Json(
            """{"name":"c","alert_settings":{"cluster_certs_about_to_expire":{"enabled":true,"threshold":"45"},"node_internal_certs_about_to_expire":{"enabled":false,"threshold":"30"},"cluster_ocsp_status_revoked":true}}"""));
        Assert.Equal(45, alerts.Cluster!.DaysWhenOn);
        Assert.False(alerts.Internal!.Enabled);
        Assert.Equal(30, alerts.Internal.ThresholdDays);
        Assert.Null(alerts.Internal.DaysWhenOn);
        Assert.True(CertificatePolicyJson.ReadCertificateAlerts(Json("""{"name":"c"}""")).IsEmpty);
    }

    [Fact]
    public void The_rotation_body_holds_only_the_fields_given()
    {
        Assert.Equal("""{"cert_rotation_job_settings":{"cron_expression":"30 2 * * *"}}""",
            Write(w => CertificatePolicyJson.WriteRotationSettings(w, new RotationSettings(null, "30 2 * * *", null))));
        Assert.Equal("""{"cert_rotation_job_settings":{"enabled":false,"expiry_days_before_rotation":45}}""",
            Write(w => CertificatePolicyJson.WriteRotationSettings(w, new RotationSettings(false, null, 45))));
    }

    [Fact]
    public void The_alerts_body_sends_the_threshold_as_a_string_and_off_without_one()
    {
        Assert.Equal("""{"alert_settings":{"cluster_certs_about_to_expire":{"enabled":true,"threshold":"30"}}}""",
            Write(w => CertificatePolicyJson.WriteCertificateAlerts(w, new CertificateAlerts(new ExpiryAlert(true, 30), null))));
        Assert.Equal("""{"alert_settings":{"cluster_certs_about_to_expire":{"enabled":false},"node_internal_certs_about_to_expire":{"enabled":false}}}""",
            Write(w => CertificatePolicyJson.WriteCertificateAlerts(w, new CertificateAlerts(new ExpiryAlert(false, null), new ExpiryAlert(false, 12)))));
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        string body = Write(w => CertificatePolicyJson.WriteCertificateAlerts(w, new CertificateAlerts(new ExpiryAlert(true, 14), new ExpiryAlert(true, 20))));
        CertificateAlerts read = CertificatePolicyJson.ReadCertificateAlerts(Json(body));
        Assert.Equal(14, read.Cluster!.DaysWhenOn);
        Assert.Equal(20, read.Internal!.DaysWhenOn);

        string job = Write(w => CertificatePolicyJson.WriteRotationSettings(w, new RotationSettings(true, "0 4 * * *", 30)));
        RotationSettings again = CertificatePolicyJson.ReadRotationSettings(Json(job));
        Assert.Equal((true, "0 4 * * *", 30), (again.Enabled!.Value, again.CronExpression, again.ExpiryDaysBeforeRotation!.Value));
    }

    [Fact]
    public void The_health_report_certificates_are_read_with_either_date_form()
    {
        IReadOnlyList<HealthCertificate> read = CertificatePolicyJson.ReadHealthCertificates(Json(
            """{"certificates":[{"type":"gossip_ca_signed","expired":false,"valid_until":"2027-03-01T10:00:00Z"},{"type":"mesh_ca_signed","expired":true,"valid_until":1767225600},{"type":"","valid_until":"2027-01-01T00:00:00Z"},{"expired":false}]}"""));
        Assert.Equal(2, read.Count);
        Assert.Equal(new DateTime(2027, 3, 1, 10, 0, 0, DateTimeKind.Utc), read[0].ValidUntilUtc);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), read[1].ValidUntilUtc);
        Assert.True(read[1].Expired);
    }

    [Fact]
    public void The_ocsp_answers_are_read()
    {
        Assert.True(CertificatePolicyJson.ReadOcspEnabled(Json("""{"ocsp_functionality":true,"query_frequency":3600}""")));
        Assert.Null(CertificatePolicyJson.ReadOcspEnabled(Json("""{"query_frequency":3600}""")));
        Assert.Equal("REVOKED", CertificatePolicyJson.ReadOcspStatus(Json("""{"responder_url":"http://ocsp","cert_status":"REVOKED"}""")));
    }

    [Fact]
    public void A_rotation_is_proven_only_by_a_later_expiry_of_every_certificate_it_concerns()
    {
        var before = new[] { Health("gossip_ca_signed", 10), Health("mesh_ca_signed", 10) };
        Assert.Null(InternalRotationCheck.NotRotated(before, new[] { Health("gossip_ca_signed", 90), Health("mesh_ca_signed", 90) }, null));
        Assert.Null(InternalRotationCheck.NotRotated(before, new[] { Health("gossip_ca_signed", 90), Health("mesh_ca_signed", 10) }, "gossip_ca_signed"));
        Assert.Contains("'mesh_ca_signed'", InternalRotationCheck.NotRotated(before, new[] { Health("gossip_ca_signed", 90), Health("mesh_ca_signed", 10) }, null), StringComparison.Ordinal);
        Assert.NotNull(InternalRotationCheck.NotRotated(before, Array.Empty<HealthCertificate>(), null));
        Assert.NotNull(InternalRotationCheck.NotRotated(before, before, "no_such"));
    }

    [Fact]
    public void A_403_to_a_rotation_says_it_is_not_supported_and_what_to_do()
    {
        REApiException e = StatusMapping.ToException(ClusterOperation.RotateInternalCertificates, 403, ClusterErrorBody.Parse(Encoding.UTF8.GetBytes("""{"error_code":"unsupported_rotation","description":"Unsupported internal certificate rotation."}""")),
            "Cluster 'c'", "the internal certificates", "admin", 1);
        Assert.Equal("InternalRotationNotSupported", e.ErrorId);
        Assert.Contains("Set-RECertificate", e.Message, StringComparison.Ordinal);
        Assert.Contains("Get-RECertificatePolicy", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_400_to_a_rotation_is_retried_like_a_409_and_then_told_as_partial()
    {
        Assert.True(RetryPolicy.IsNotAllNodesUpdated(ClusterOperation.RotateInternalCertificates, 400));
        Assert.False(RetryPolicy.IsNotAllNodesUpdated(ClusterOperation.UpdateCertificates, 400));
        REApiException e = StatusMapping.ToException(ClusterOperation.RotateInternalCertificates, 400, ClusterErrorBody.Parse(Array.Empty<byte>()), "Cluster 'c'", "the internal certificates", "admin", 4);
        Assert.Equal("ClusterPartiallyUpdated", e.ErrorId);
        Assert.Equal(FailureKind.PartiallyCompleted, e.Kind);
        Assert.Contains("4 attempt(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RS200137_is_a_row_of_the_facts_table_with_its_source()
    {
        KnownDefect defect = ClusterVersionFacts.InternalRotationSkipsDownNodes;
        Assert.Equal("RS200137", defect.Id);
        Assert.Equal("release-notes/rs-8-2-0-releases/rs-8-2-0-46.md", defect.Source);
        Assert.True(defect.Affects(SoftwareVersion.Parse("8.2.0-45")));
        Assert.True(defect.Affects(SoftwareVersion.Parse("7.22.2-54")));
        Assert.False(defect.Affects(SoftwareVersion.Parse("8.2.0-46")));
        Assert.False(defect.Affects(null));
    }

    [Theory]
    [InlineData("7.22.2-54")]
    [InlineData("8.0.14-5")]
    [InlineData("8.0.16-1")]
    [InlineData("8.2.0-45")]
    [InlineData("8.2.0-46")]
    public void The_simulator_has_RS200137_and_the_health_report_where_the_module_says(string version)
    {
        var simulator = new Simulator.VersionBehaviour(version);
        Assert.Equal(ClusterVersionFacts.InternalRotationSkipsDownNodes.Affects(SoftwareVersion.Parse(version)), simulator.SkipsDownNodesOnRotation);
        Assert.Equal(ClusterVersionFacts.HealthReport.IsIn(SoftwareVersion.Parse(version)), simulator.HasHealthReport);
    }

    [Fact]
    public void Only_a_status_other_than_GOOD_warns_and_REVOKED_says_clients_refuse_it()
    {
        Assert.Null(CertificateFollowUp.OcspWarning("GOOD", "c"));
        Assert.Contains("clients that check OCSP will refuse the certificate", CertificateFollowUp.OcspWarning("REVOKED", "c"), StringComparison.Ordinal);
        Assert.Contains("'UNKNOWN'", CertificateFollowUp.OcspWarning("UNKNOWN", "c"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_sso_reminder_names_the_metadata_endpoint_and_only_follows_sso_service()
    {
        Assert.Contains("/v1/cluster/sso/saml/metadata/sp", CertificateFollowUp.SsoReminder(new[] { "proxy", "sso_service" }, "c"), StringComparison.Ordinal);
        Assert.Null(CertificateFollowUp.SsoReminder(new[] { "sso_issuer", "proxy" }, "c"));
    }

    [Fact]
    public void The_report_shows_internal_certificates_in_their_own_section()
    {
        DateTime now = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
        RECertificate gossip = RECertificate.FromHealthReport(new HealthCertificate("gossip_ca_signed", false, now.AddDays(20)), "cluster.local", null, now)!;
        Assert.True(gossip.IsInternal);
        Assert.Equal(20, gossip.DaysRemaining);
        Assert.Null(RECertificate.FromHealthReport(new HealthCertificate("no_date", false, null), "cluster.local", null, now));

        string html = ExpiryReport.Render("Report", new[] { gossip }, Array.Empty<ReportFailure>(), now);
        int section = html.IndexOf("Internal certificates, rotated by the clusters themselves", StringComparison.Ordinal);
        Assert.True(section > 0);
        Assert.True(html.IndexOf("gossip_ca_signed</strong>", section, StringComparison.Ordinal) > section);
    }

    private static RECertificatePolicy Policy(bool? rotationEnabled, string? schedule, int? days, int? alert, int? internalAlert) =>
        new RECertificatePolicy("cluster.local", rotationEnabled, schedule, days, alert, internalAlert, false, null);

    private static HealthCertificate Health(string type, int days) =>
        new HealthCertificate(type, false, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(days));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
