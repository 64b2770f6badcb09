using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Certificates.Sources;
using RECertificates.Cluster;
using RECertificates.Renewal;

namespace RECertificates.Commands
{
    /// <summary>
    /// What Invoke-RECertificateRenewal does, top to bottom in <see cref="Run"/>: read every cluster's certificates
    /// at once; per cluster, select what is due (<see cref="DueSelection"/>); per due certificate, confirm, make or
    /// reuse its key and request, call the issuer on the pipeline thread, read its answer through the same readers as
    /// Set-RECertificate, and rotate it through the same per-cluster unit as Set-RECertificate
    /// (<see cref="ClusterUpdate"/>: the same validation, plan, backup and send). A failure stops that certificate
    /// only: its key and request stay for the next run, and what was backed up stays. It writes and asks through
    /// <see cref="ICommandHost"/> and gets certificates from an <see cref="ICertificateIssuer"/>, never from the cmdlet,
    /// so xUnit drives it with a recording host, clusters in memory and a fake issuer.
    /// </summary>
    internal sealed class CertificateRenewal
    {
        private readonly ICommandHost _host;
        private readonly RenewalOptions _options;
        private readonly ICertificateIssuer _issuer;
        private readonly CertificateNameFilter _names;
        private readonly DateTime _now = DateTime.UtcNow;

        public CertificateRenewal(ICommandHost host, RenewalOptions options, ICertificateIssuer issuer)
        {
            _host = host;
            _options = options;
            _issuer = issuer;
            _names = new CertificateNameFilter(options.Names);
        }

        public void Run(IReadOnlyList<RESession> sessions)
        {
            // The slow part of a fleet is one answer per cluster: ask them all at once, then work on the pipeline thread.
            IReadOnlyList<Outcome<IReadOnlyList<ClusterCertificateEntry>>> readings = _host.RunEach(sessions, _options.ThrottleLimit, "Reading certificates from clusters",
                (session, log, token) => session.Client.GetCertificatesAsync(false, log, token));

            var progress = new ProgressRecord(ActivityIds.FanOut, "Renewing certificates", "Starting");
            for (int i = 0; i < sessions.Count; i++)
            {
                RESession session = sessions[i];
                if (sessions.Count > 1)
                {
                    progress.StatusDescription = $"Cluster {i + 1} of {sessions.Count}: '{session.Label}'";
                    progress.PercentComplete = (int)(100.0 * i / sessions.Count);
                    _host.Progress(progress);
                }

                if (readings[i].Error is Exception unreadable)
                {
                    // The cluster itself failed: its error, and one object that says so, so a report misses no cluster.
                    _host.Failure(unreadable, session.Label);
                    _host.Output(new RECertificateRenewal(session.Label, null, RECertificateRenewal.Failed, null, null, null,
                        $"Cluster '{session.Label}' could not be read, so nothing was renewed on it: {unreadable.Message}"));
                    continue;
                }

                RenewOn(session, readings[i].Value!);
            }

            if (sessions.Count > 1)
            {
                progress.RecordType = ProgressRecordType.Completed;
                _host.Progress(progress);
            }
        }

        private void RenewOn(RESession session, IReadOnlyList<ClusterCertificateEntry> entries)
        {
            var held = new List<RECertificate>();
            foreach (ClusterCertificateEntry entry in entries)
            {
                RECertificate? certificate = RECertificate.TryFromClusterEntry(entry, session, out CertificateInputException? unreadable);
                if (certificate != null)
                {
                    held.Add(certificate);
                }
                else if (_names.Matches(entry.Name) && DueSelection.IsRenewable(entry.Name, false))
                {
                    Fail(session, entry.Name, null, RenewalIds.RenewalFailed, FailureKind.InvalidData,
                        $"Certificate '{entry.Name}' of cluster '{session.Label}' cannot be read, so it is not known whether it is due: {unreadable!.Message}");
                }
            }

            foreach (string missing in _names.LiteralNamesMissingFrom(entries.Select(e => e.Name)))
            {
                _host.Error(CommandErrorIds.CertificateNotFound, FailureKind.NotOnCluster, missing,
                    $"Cluster '{session.Label}' holds no certificate '{missing}', so there is nothing to renew. Get-RECertificate -Session lists what it holds.");
            }

            // Issue 21: pass c.IsInternal here once Get-RECertificate -IncludeInternal adds it (internal certificates are
            // the cluster's own to rotate); the plain list of certificates this reads holds none of them.
            IReadOnlyList<(RECertificate Certificate, bool IsDue)> selection = DueSelection.Select(held, c => c.Name, c => c.NotAfter.ToUniversalTime(),
                c => false, _names.Matches, _options.ExpiringWithinDays, _now);
            List<RECertificate> due = selection.Where(s => s.IsDue).Select(s => s.Certificate).ToList();
            foreach ((RECertificate certificate, bool isDue) in selection.Where(s => !s.IsDue))
            {
                _host.Output(new RECertificateRenewal(session.Label, certificate.Name, RECertificateRenewal.NotDue, certificate.Thumbprint, null, certificate.NotAfter,
                    $"Expires on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}, in {certificate.DaysRemaining} days: not within {_options.ExpiringWithinDays} days."));
            }

            var progress = new ProgressRecord(ActivityIds.Files, $"Renewing certificates of cluster '{session.Label}'", "Starting")
            {
                ParentActivityId = ActivityIds.FanOut,
            };
            for (int i = 0; i < due.Count; i++)
            {
                progress.StatusDescription = $"{i + 1} of {due.Count}: '{due[i].Name}'";
                progress.PercentComplete = (int)(100.0 * i / due.Count);
                _host.Progress(progress);
                Renew(session, due[i]);
            }

            if (due.Count > 0)
            {
                progress.RecordType = ProgressRecordType.Completed;
                _host.Progress(progress);
            }
        }

        private void Renew(RESession session, RECertificate current)
        {
            string what = $"certificate '{current.Name}' of cluster '{session.Label}'";
            string description = $"Renew {what} (thumbprint {current.Thumbprint}, expires {current.NotAfter.ToUniversalTime():yyyy-MM-dd}): a new key and request, the issuer's certificate, and the rotation";
            if (!_host.Confirm(_options.Force, description, $"{description}. Renew it?", "Renew certificate"))
            {
                if (_host.IsWhatIf)
                {
                    _host.Output(new RECertificateRenewal(session.Label, current.Name, RECertificateRenewal.WouldRenew, current.Thumbprint, null, current.NotAfter,
                        $"Due: expires on {current.NotAfter.ToUniversalTime():yyyy-MM-dd}, in {current.DaysRemaining} days. The issuer was not called."));
                }

                return;
            }

            RECertificateRequest? request = Prepare(session, current, what);
            if (request == null)
            {
                return;
            }

            if (!TryIssue(session, current, request, what, out object? answer))
            {
                return;
            }

            CertificateValidationReport? report = null;
            IReadOnlyList<string> replaced;
            using (CertificateSet? set = Read(session, current, request, answer, what))
            {
                if (set == null)
                {
                    return;
                }

                // Rotation through Set-RECertificate's own per-cluster unit: the same validation (the key pairs, the
                // chain is complete, not expired, right for this cluster), the same plan, backup and send. Approved
                // above, so it does not ask again.
                var options = new ReplacementOptions(force: true, passThru: false, backupPath: _options.BackupPath, verify: _options.Verify);
                var update = new ClusterUpdate(_host, UpdateEndpoint.AllInOne, options,
                    (inputs, target) => report = new CertificateValidator().Validate(inputs, ClusterTargets.Read(_host, target, skipNameCheck: false, inputs)));
                replaced = update.On(session, set);
            }

            RECertificate? issued = report?.Results.FirstOrDefault()?.Certificate;
            if (replaced.Contains(current.Name))
            {
                _host.Output(new RECertificateRenewal(session.Label, current.Name, RECertificateRenewal.Renewed, current.Thumbprint, issued?.Thumbprint, issued?.NotAfter,
                    $"Renewed: the cluster holds the new certificate (thumbprint {issued?.Thumbprint}) until {issued?.NotAfter.ToUniversalTime():yyyy-MM-dd}."));
                return;
            }

            string reason = report != null && !report.IsValid
                ? $"the issuer's certificate failed validation ({string.Join(", ", report.Errors.Select(e => e.Id).Distinct())})"
                : issued != null && issued.Thumbprint == current.Thumbprint
                    ? "the issuer returned the certificate the cluster already holds"
                    : "the cluster did not take it (see the error before this one)";
            Fail(session, current.Name, current, RenewalIds.RenewalFailed, FailureKind.InvalidResult,
                $"{Capitalize(what)} was not renewed: {reason}. The cluster still holds the old certificate; the key and request stay at '{request.KeyPath}' and '{request.CsrPath}' for the next run.",
                issued?.Thumbprint);
        }

        /// <summary>The key and request for the certificate: what a failed run left while it still fits, else new ones (always new with -Force).</summary>
        private RECertificateRequest? Prepare(RESession session, RECertificate current, string what)
        {
            PublicKeyIdentity? currentKey = PublicKeyIdentity.FromCertificate(current.Certificate);
            string algorithm = currentKey?.Algorithm ?? PublicKeyIdentity.RsaAlgorithm;
            int keySize = currentKey != null && CertificateRequestBuilder.IsAllowedSize(algorithm, currentKey.KeySize) ? currentKey.KeySize : CertificateRequestBuilder.DefaultKeySize(algorithm);
            IReadOnlyList<string> dnsNames = current.DnsNames.Length > 0
                ? current.DnsNames
                : ClusterDnsNames.For(ClusterDnsNames.Normalize(session.ClusterName ?? session.Uri.Host));
            string folder = Path.Combine(_options.RequestPath, ClusterDnsNames.FolderNameOf(session.ClusterName));
            string keyAlgorithm = CertificateRequestBuilder.Describe(algorithm, keySize);
            try
            {
                if (!_options.Force && RequestFiles.TryReuse(folder, current.Name, dnsNames, keyAlgorithm, currentKey) is RECertificateRequest left)
                {
                    _host.Verbose($"Reusing the key '{left.KeyPath}' and request '{left.CsrPath}' an earlier run left for {what} ({keyAlgorithm}; {string.Join(", ", dnsNames)}).");
                    return left;
                }

                CertificateFiles.CreateFolder(folder);
                string subjectName = dnsNames[0].StartsWith("*.", StringComparison.Ordinal) ? dnsNames[0].Substring(2) : dnsNames[0];
                RECertificateRequest request = RequestFiles.Write(folder, current.Name, subjectName, dnsNames, algorithm, keySize, null, overwrite: true);
                _host.Verbose($"Wrote a new {keyAlgorithm} key for {what} to '{request.KeyPath}' (readable by its owner only) and its request to '{request.CsrPath}' ({string.Join(", ", dnsNames)}).");
                return request;
            }
            catch (CertificateInputException e)
            {
                Fail(session, current.Name, current, e.Issue.Id, e.Issue.Kind, $"{Capitalize(what)} was not renewed: {e.Issue.Message}");
                return null;
            }
        }

        /// <summary>Calls the issuer (on the pipeline thread) for the request; false, with the certificate's error, when it failed or returned nothing.</summary>
        private bool TryIssue(RESession session, RECertificate current, RECertificateRequest request, string what, out object? answer)
        {
            answer = null;
            _host.Verbose($"Calling the issuer for {what} with the request '{request.CsrPath}'.");
            try
            {
                answer = _issuer.Issue(request);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                string message = e is RuntimeException runtime && runtime.ErrorRecord?.Exception != null ? runtime.ErrorRecord.Exception.Message : e.Message;
                Fail(session, current.Name, current, RenewalIds.IssuerFailed, FailureKind.InvalidResult,
                    $"The issuer failed for {what}: {message} Nothing was changed on the cluster; the key and request stay at '{request.KeyPath}' and '{request.CsrPath}' for the next run.");
                return false;
            }

            if (answer == null)
            {
                Fail(session, current.Name, current, RenewalIds.IssuerAnswerUnusable, FailureKind.InvalidResult,
                    $"The issuer returned nothing for {what}: it must return the certificate's file path, its PEM text or an X509Certificate2. Nothing was changed on the cluster; the key and request stay at '{request.KeyPath}' for the next run.");
                return false;
            }

            return true;
        }

        /// <summary>The issuer's answer and the request's key as a set, read by the same readers as Set-RECertificate's inputs.</summary>
        private CertificateSet? Read(RESession session, RECertificate current, RECertificateRequest request, object? answer, string what)
        {
            using var builder = new CertificateSetBuilder(current.Name);
            try
            {
                switch (answer)
                {
                    case X509Certificate2 certificate:
                        builder.AddPem(current.Name, PemText.Certificate(certificate.RawData), ReadKey(request.KeyPath));
                        break;
                    case FileInfo file:
                        builder.AddFile(file.FullName, request.KeyPath);
                        break;
                    case string text when text.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0:
                        builder.AddPem(current.Name, text, ReadKey(request.KeyPath));
                        break;
                    case string path:
                        builder.AddFile(_host.FileSystemPath(path.Trim(), "the issuer's answer"), request.KeyPath);
                        break;
                    default:
                        Fail(session, current.Name, current, RenewalIds.IssuerAnswerUnusable, FailureKind.InvalidResult,
                            $"The issuer returned a {answer!.GetType().Name} for {what}: it must return the certificate's file path, its PEM text or an X509Certificate2. Nothing was changed on the cluster; the key and request stay at '{request.KeyPath}' for the next run.");
                        return null;
                }

                return builder.Build(null, _host.Stopping);
            }
            catch (CertificateInputException e)
            {
                Fail(session, current.Name, current, e.Issue.Id, e.Issue.Kind, $"{Capitalize(what)} was not renewed: {e.Issue.Message}");
                return null;
            }
        }

        private static SecureString ReadKey(string keyPath)
        {
            byte[] bytes = File.ReadAllBytes(keyPath);
            char[] text = Encoding.ASCII.GetChars(bytes);
            try
            {
                return SecretText.ToSecureString(text);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
                Array.Clear(text, 0, text.Length);
            }
        }

        /// <summary>A certificate that was not renewed: its error (naming cluster and certificate), and its Failed object.</summary>
        private void Fail(RESession session, string name, RECertificate? current, string errorId, FailureKind kind, string message, string? newThumbprint = null)
        {
            _host.Error(errorId, kind, name, message);
            _host.Output(new RECertificateRenewal(session.Label, name, RECertificateRenewal.Failed, current?.Thumbprint, newThumbprint, current?.NotAfter, message));
        }

        private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
