using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The endpoints of the cluster's own certificate lifecycle: rotating its internal certificates, the rotation
    /// schedule, the certificate expiry alerts, OCSP and the health report. JSON shapes are CertificatePolicyJson's.
    /// An endpoint an older cluster lacks (404) comes back as null, for the caller to word.
    /// </summary>
    internal sealed partial class ClusterClient
    {
        /// <summary>The cluster may take this long to rotate on every node (rotate.md): the request waits at least that long.</summary>
        public static readonly TimeSpan RotationTimeLimit = TimeSpan.FromSeconds(900);

        /// <summary>GET /v1/job_scheduler's rotation job; null where the cluster has no job scheduler (404).</summary>
        public Task<RotationSettings?> GetRotationSettingsAsync(ICallLog log, CancellationToken cancellationToken) =>
            ReadOptionalAsync<RotationSettings?>("v1/job_scheduler", "the certificate rotation schedule", root => CertificatePolicyJson.ReadRotationSettings(root), null, log, cancellationToken);

        /// <summary>The two certificate expiry alerts of GET /v1/cluster.</summary>
        public async Task<CertificateAlerts> GetCertificateAlertsAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/cluster", null, "the cluster's alert settings", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/cluster");
            return CertificatePolicyJson.ReadCertificateAlerts(document.RootElement);
        }

        /// <summary>GET /v1/ocsp's ocsp_functionality; null where the cluster has no OCSP endpoint (404) or does not say.</summary>
        public Task<bool?> GetOcspEnabledAsync(ICallLog log, CancellationToken cancellationToken) =>
            ReadOptionalAsync("v1/ocsp", "the OCSP settings", root => CertificatePolicyJson.ReadOcspEnabled(root), null, log, cancellationToken);

        /// <summary>POST /v1/ocsp/test: the OCSP responder's answer for the proxy certificate (GOOD, REVOKED, UNKNOWN).</summary>
        public async Task<string?> TestOcspAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClearingBufferWriter body = WriteBody(writer => { writer.WriteStartObject(); writer.WriteEndObject(); });
            try
            {
                using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadLifecycle, HttpMethod.Post, "v1/ocsp/test", body, "the OCSP test", log, cancellationToken).ConfigureAwait(false);
                using JsonDocument document = ParseJson(response, "POST /v1/ocsp/test");
                return CertificatePolicyJson.ReadOcspStatus(document.RootElement);
            }
            catch (AnswerLostException lost)
            {
                // A POST, so the transport treats it as a write; it changes nothing, so a lost answer is just a failure.
                throw lost.Failure;
            }
        }

        /// <summary>The internal certificates of GET /v4/cluster/health; null where the cluster has no health report (before 8.0.16).</summary>
        public Task<IReadOnlyList<HealthCertificate>?> GetHealthCertificatesAsync(ICallLog log, CancellationToken cancellationToken) =>
            ReadOptionalAsync<IReadOnlyList<HealthCertificate>?>("v4/cluster/health", "the cluster's health report", root => CertificatePolicyJson.ReadHealthCertificates(root), null, log, cancellationToken);

        /// <summary>PUT /v1/job_scheduler with only the given fields of the rotation job.</summary>
        public Task PutRotationSettingsAsync(RotationSettings change, ICallLog log, CancellationToken cancellationToken) =>
            WriteCheckedAsync("v1/job_scheduler", "the certificate rotation schedule", writer => CertificatePolicyJson.WriteRotationSettings(writer, change),
                async token =>
                {
                    RotationSettings? now = await GetRotationSettingsAsync(log, token).ConfigureAwait(false);
                    bool applied = now != null
                        && (change.Enabled == null || change.Enabled == now.Enabled)
                        && (change.CronExpression == null || change.CronExpression == now.CronExpression)
                        && (change.ExpiryDaysBeforeRotation == null || change.ExpiryDaysBeforeRotation == now.ExpiryDaysBeforeRotation);
                    return applied ? null : "the schedule it holds is not the one sent";
                },
                log, cancellationToken);

        /// <summary>PUT /v1/cluster with alert_settings holding only the given alerts.</summary>
        public Task PutCertificateAlertsAsync(CertificateAlerts change, ICallLog log, CancellationToken cancellationToken) =>
            WriteCheckedAsync("v1/cluster", "the certificate expiry alerts", writer => CertificatePolicyJson.WriteCertificateAlerts(writer, change),
                async token =>
                {
                    CertificateAlerts now = await GetCertificateAlertsAsync(log, token).ConfigureAwait(false);
                    return Holds(now.Cluster, change.Cluster) && Holds(now.Internal, change.Internal) ? null : "the alerts it holds are not the ones sent";
                },
                log, cancellationToken);

        /// <summary>
        /// POST /v1/cluster/certificates/rotate, all internal certificates (<paramref name="name"/> null) or one. Its
        /// time limit is the cluster's own (900 s) even when the session's is shorter. A lost answer is never sent
        /// again: the health report read <paramref name="before"/> the rotation can prove it (later valid_until);
        /// otherwise the outcome is unknown.
        /// </summary>
        public Task RotateInternalCertificatesAsync(string? name, IReadOnlyList<HealthCertificate>? before, ICallLog log, CancellationToken cancellationToken)
        {
            string subject = name == null ? "the internal certificates" : $"internal certificate '{name}'";
            TimeSpan limit = _settings.WriteTimeout > RotationTimeLimit ? _settings.WriteTimeout : RotationTimeLimit;
            return SendCheckedAsync(subject,
                async token =>
                {
                    using ClearingBufferWriter body = WriteBody(writer =>
                    {
                        writer.WriteStartObject();
                        if (name != null)
                        {
                            writer.WriteString("name", name);
                        }

                        writer.WriteEndObject();
                    });
                    using ClusterResponse response = await _transport.SendAsync(ClusterOperation.RotateInternalCertificates, HttpMethod.Post, "v1/cluster/certificates/rotate", body, subject, log, token, limit).ConfigureAwait(false);
                },
                async token =>
                {
                    if (before == null)
                    {
                        return "it has no health report (Redis Enterprise 8.0.16 and later) from before the rotation to compare with";
                    }

                    IReadOnlyList<HealthCertificate>? now = await GetHealthCertificatesAsync(log, token).ConfigureAwait(false);
                    return now == null ? "its health report cannot be read" : InternalRotationCheck.NotRotated(before, now, name);
                },
                log, cancellationToken);
        }

        private static bool Holds(ExpiryAlert? now, ExpiryAlert? sent) =>
            sent == null || (now != null && now.Enabled == sent.Enabled && (!sent.Enabled || sent.ThresholdDays == null || sent.ThresholdDays == now.ThresholdDays));

        /// <summary>A GET whose endpoint older clusters lack: <paramref name="whenMissing"/> on a 404.</summary>
        private async Task<T> ReadOptionalAsync<T>(string path, string subject, Func<JsonElement, T> read, T whenMissing, ICallLog log, CancellationToken cancellationToken)
        {
            try
            {
                using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadLifecycle, HttpMethod.Get, path, null, subject, log, cancellationToken).ConfigureAwait(false);
                using JsonDocument document = ParseJson(response, "GET /" + path);
                return read(document.RootElement);
            }
            catch (REApiException missing) when (missing.StatusCode == 404)
            {
                log.Verbose($"{Cluster} has no GET /{path} (404): its version does not offer {subject}.");
                return whenMissing;
            }
        }

        private Task WriteCheckedAsync(string path, string subject, Action<Utf8JsonWriter> write, Func<CancellationToken, Task<string?>> check, ICallLog log, CancellationToken cancellationToken) =>
            SendCheckedAsync(subject,
                async token =>
                {
                    using ClearingBufferWriter body = WriteBody(write);
                    using ClusterResponse response = await _transport.SendAsync(ClusterOperation.UpdatePolicy, HttpMethod.Put, path, body, subject, log, token).ConfigureAwait(false);
                },
                check, log, cancellationToken);

        /// <summary>
        /// Sends a write once. Should its answer be lost, waits for the REST API and asks <paramref name="check"/>
        /// (null: the cluster shows the write applied; otherwise why that cannot be told); nothing is sent again.
        /// </summary>
        private async Task SendCheckedAsync(string subject, Func<CancellationToken, Task> send, Func<CancellationToken, Task<string?>> check, ICallLog log, CancellationToken cancellationToken)
        {
            AnswerLostException lost;
            try
            {
                await send(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AnswerLostException e)
            {
                lost = e;
            }

            log.Verbose($"{Cluster}: the answer to the change of {subject} was lost ({lost.Failure.ErrorId}); the module does not send it again, it looks first.");
            TimeSpan bound = _settings.ApiWaitBound;
            string activity = $"Waiting for the REST API of {Cluster} after the change of {subject}";
            string? why;
            try
            {
                bool answered = await WaitForApiAsync(bound,
                    elapsed => log.Progress(activity, $"{elapsed.TotalSeconds:0} s of at most {bound.TotalSeconds:0} s"), log, cancellationToken).ConfigureAwait(false);
                why = answered ? await check(cancellationToken).ConfigureAwait(false) : $"its REST API did not answer again within {bound.TotalSeconds:0} seconds";
            }
            catch (REApiException e)
            {
                why = $"reading it back failed ({e.ErrorId})";
            }
            finally
            {
                log.Progress(activity, null);
            }

            if (why == null)
            {
                log.Verbose($"{Cluster} shows the change of {subject} applied, though its answer was lost.");
                return;
            }

            throw new REApiException(
                $"{Cluster} may or may not have applied the change of {subject}: its answer was lost ({lost.Failure.ErrorId}), and {why}. The module sent nothing more. Check the cluster before running the command again.",
                FailureKind.InvalidResult, "OutcomeUnknown", lost.Failure.StatusCode, innerException: lost.Failure);
        }
    }
}
