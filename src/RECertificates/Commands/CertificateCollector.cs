using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Certificates.Sources;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// The input flow of Set-RECertificate, Update-RECertificateLegacy and Test-RECertificate, in the order a cmdlet
    /// calls it: <see cref="Add"/> for each pipeline record (paths are resolved against PowerShell's location, nothing
    /// is read yet), then <see cref="Read"/> once the pipeline is done (every file read by its content, keys paired
    /// with certificates), then <see cref="Validate"/> (the one validator). It takes the bound values, not the cmdlet
    /// (<see cref="CertificateParameters"/>), and resolves paths, writes progress and -Verbose through the host, so
    /// xUnit drives it without a runspace; what to do with the verdict is the cmdlet's.
    /// </summary>
    internal sealed class CertificateCollector : IDisposable
    {
        /// <summary>Up to this many items read and validate too fast for a progress bar to help.</summary>
        private const int ProgressThreshold = 4;

        private readonly ICommandHost _host;
        private readonly HashSet<string> _givenPaths = new HashSet<string>(StringComparer.Ordinal);

        // -KeyPath as given (it may come per pipeline object) -> resolved, so each is resolved, and reported, once.
        private readonly Dictionary<string, string?> _keyPaths = new Dictionary<string, string?>(StringComparer.Ordinal);
        private CertificateSetBuilder? _builder;

        /// <summary>
        /// Made in BeginProcessing from what is bound by then: the way certificates are given and -Name, which with files
        /// or store objects names them all.
        /// </summary>
        public CertificateCollector(ICommandHost host, CertificateParameters bound)
        {
            _host = host;
            _builder = new CertificateSetBuilder(bound.NameOverrides ? bound.Name : null);
            if (bound.Name != null && CertificateNames.KubernetesNameIn(bound.Name) is string kubernetes && kubernetes == bound.Name.ToLowerInvariant().Replace('-', '_'))
            {
                host.Verbose(KubernetesNote($"-Name {bound.Name}", kubernetes));
            }
        }

        private CertificateSetBuilder Builder => _builder ?? throw new ObjectDisposedException(nameof(CertificateCollector));

        /// <summary>Takes what one pipeline record bound (the cmdlet reads its bound properties once per record).</summary>
        public void Add(CertificateParameters record)
        {
            CertificateSetBuilder builder = Builder;
            string? keyPath = ResolveKeyPath(record);
            switch (record.GivenBy)
            {
                case CertificateParameters.By.Path:
                    foreach (string path in record.Path ?? Array.Empty<string>())
                    {
                        foreach (string file in ResolveWildcard(path))
                        {
                            AddFile(file, keyPath, record.Password);
                        }
                    }

                    break;

                case CertificateParameters.By.LiteralPath:
                    foreach (string path in record.LiteralPath ?? Array.Empty<string>())
                    {
                        if (ResolveLiteral(path) is string file)
                        {
                            AddFile(file, keyPath, record.Password);
                        }
                    }

                    break;

                case CertificateParameters.By.PemText:
                    builder.AddPem(record.Name!, record.Certificate!, record.Key);
                    break;

                case CertificateParameters.By.InputObject:
                    foreach (RECertificate certificate in record.InputObject ?? Array.Empty<RECertificate>())
                    {
                        builder.AddCertificate(certificate);
                    }

                    break;

                case CertificateParameters.By.X509Certificate:
                    foreach (X509Certificate2 certificate in record.X509Certificate ?? Array.Empty<X509Certificate2>())
                    {
                        _host.Verbose($"Reading {X509CertificateSource.Describe(certificate)}: its chain from this machine's certificate stores, its key in memory.");
                        builder.AddX509Certificate(certificate);
                    }

                    break;
            }
        }

        /// <summary>
        /// Reads everything collected and pairs keys with certificates, with a progress bar for many files, and says
        /// with -Verbose which key went with which certificate. The caller owns the set (and the keys in it).
        /// </summary>
        public CertificateSet Read()
        {
            CertificateSetBuilder builder = Builder;
            var reading = new ProgressRecord(ActivityIds.Files, "Reading certificate files", "Reading");
            bool showReading = _givenPaths.Count > ProgressThreshold;
            CertificateSet set;
            try
            {
                set = builder.Build((index, count, path) =>
                {
                    if (showReading)
                    {
                        reading.StatusDescription = $"{index + 1} of {count}: {path}";
                        reading.PercentComplete = (int)(100.0 * index / count);
                        _host.Progress(reading);
                    }
                }, _host.Stopping);
            }
            catch (OperationCanceledException) when (_host.Stopping.IsCancellationRequested)
            {
                // Ctrl+C while a file was read: PowerShell expects the pipeline to stop, not an error.
                throw new PipelineStoppedException();
            }

            if (showReading)
            {
                reading.RecordType = ProgressRecordType.Completed;
                _host.Progress(reading);
            }

            WritePairing(set);
            return set;
        }

        /// <summary>
        /// The one validator's verdict on the set, with a progress bar for many inputs and a -Verbose line per input.
        /// With a target, for that cluster (its names, its version's known defects, its cipher suites); call it once per cluster.
        /// </summary>
        public CertificateValidationReport Validate(CertificateSet set, ClusterTarget? target = null)
        {
            bool showProgress = set.Inputs.Count > ProgressThreshold;
            var progress = new ProgressRecord(ActivityIds.Files, "Validating certificates", "Validating");
            if (target != null)
            {
                _host.Verbose(target.CheckNames
                    ? $"Checking the certificates for cluster '{target.Label}' (Redis Enterprise {target.VersionText ?? "of unknown version"}): api, cm, proxy and metrics_exporter must name {target.Fqdn ?? "the cluster"}, a name under it, or {target.Host}."
                    : $"Checking the certificates for cluster '{target.Label}' (Redis Enterprise {target.VersionText ?? "of unknown version"}), without the name check (-SkipNameCheck).");
            }

            CertificateValidationReport report = new CertificateValidator().Validate(set, target, (index, count, input) =>
            {
                if (showProgress)
                {
                    progress.StatusDescription = $"{index + 1} of {count}: {input.Description}";
                    progress.PercentComplete = (int)(100.0 * index / count);
                    _host.Progress(progress);
                }
            });
            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                _host.Progress(progress);
            }

            for (int i = 0; i < set.Inputs.Count; i++)
            {
                CertificateTestResult result = report.Results[i];
                _host.Verbose(result.IsValid
                    ? $"{set.Inputs[i].Description}: valid{(result.Warnings.Length > 0 ? $", with {result.Warnings.Length} warning(s)" : string.Empty)}."
                    : $"{set.Inputs[i].Description}: not valid, {result.Errors.Length} error(s): {string.Join(", ", result.ErrorIds)}.");
            }

            return report;
        }

        /// <summary>Whether a full path is a key file given with -KeyPath (or a pipeline object's KeyFile).</summary>
        public bool IsGivenKeyPath(string path) => _keyPaths.ContainsValue(path);

        /// <summary>
        /// PowerShell disposes a command when its pipeline ends, however it ends: after Ctrl+C or an upstream
        /// failure, the keys collected from -Key or -InputObject are wiped here instead of waiting for the collector.
        /// </summary>
        public void Dispose()
        {
            _builder?.Dispose();
            _builder = null;
        }

        /// <summary>Says which key went with which certificate, so a surprising pairing is visible with -Verbose.</summary>
        private void WritePairing(CertificateSet set)
        {
            foreach (CertificateInput input in set.Inputs)
            {
                string key;
                if (input.KeyPath == null)
                {
                    key = input.Key != null ? "with the key given with it"
                        : CertificateNames.IsKeyless(input.Name) ? "without a key (it takes none)"
                        : "without a key (none given, none found beside it)";
                }
                else if (input.KeyPath == input.CertificatePath)
                {
                    key = "with the key in the same file";
                }
                else if (IsGivenKeyPath(input.KeyPath))
                {
                    key = $"with the key from -KeyPath '{input.KeyPath}'";
                }
                else if (_givenPaths.Contains(input.KeyPath))
                {
                    key = $"with the key file given with it, '{input.KeyPath}'";
                }
                else
                {
                    key = $"with the key file found beside it, '{input.KeyPath}'";
                }

                _host.Verbose($"Certificate '{input.Name}' from {input.Origin}, {key}.");
                if (input.NamedByFile && input.CertificatePath != null && CertificateNames.KubernetesNameIn(CertificateFileName.FileNameOf(input.CertificatePath)) is string kubernetes)
                {
                    _host.Verbose(KubernetesNote($"'{input.CertificatePath}'", kubernetes));
                }
            }
        }

        private static string KubernetesNote(string given, string kubernetes) =>
            $"{given}: '{kubernetes}' is the Kubernetes operator's name for '{CertificateNames.Normalize(kubernetes)}', the name the cluster's REST API uses; it is sent as '{CertificateNames.Normalize(kubernetes)}'.";

        private void AddFile(string file, string? keyPath, SecureString? password)
        {
            _givenPaths.Add(file);
            Builder.AddFile(file, keyPath, password);
        }

        /// <summary>
        /// This record's -KeyPath as a full path; null when none was given or it cannot be a file (that is reported with
        /// everything else, and the key is then looked for beside the certificate).
        /// </summary>
        private string? ResolveKeyPath(CertificateParameters record)
        {
            string? given = record.KeyPath;
            if (!record.FromFiles || given == null)
            {
                return null;
            }

            if (!_keyPaths.TryGetValue(given, out string? resolved))
            {
                resolved = ResolveLiteral(given);
                _keyPaths[given] = resolved;
            }

            return resolved;
        }

        /// <summary>-Path: wildcards expand against PowerShell's current location; a pattern that matches nothing is reported.</summary>
        private IEnumerable<string> ResolveWildcard(string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                string? single = ResolveLiteral(path);
                return single == null ? Array.Empty<string>() : new[] { single };
            }

            // A pattern PowerShell cannot resolve (a drive that does not exist) is reported below like an empty match.
            ProviderPaths matched = _host.ResolvePath(path, expandWildcards: true);
            if (matched.Failure == null && !matched.IsFileSystem)
            {
                Builder.AddIssue(NotFileSystem(path, matched.Provider));
                return Array.Empty<string>();
            }

            // A pattern such as *.pem may also match a folder: only files can be certificates.
            List<string> files = matched.Paths.Where(f => !Directory.Exists(f)).ToList();
            if (files.Count == 0)
            {
                Builder.AddIssue(new ValidationIssue(IssueIds.FileNotFound,
                    $"No certificate file matches '{path}' (in {matched.Location}). Check the path and the pattern.",
                    path, FailureKind.ObjectNotFound));
            }

            return files;
        }

        /// <summary>-LiteralPath and -KeyPath: taken as written, relative to PowerShell's current location (not the process's).</summary>
        private string? ResolveLiteral(string path)
        {
            ProviderPaths resolved = _host.ResolvePath(path, expandWildcards: false);
            if (resolved.Failure != null)
            {
                Builder.AddIssue(new ValidationIssue(IssueIds.FileNotFound,
                    $"Certificate file '{path}' cannot be found: {resolved.Failure}", path, FailureKind.ObjectNotFound));
                return null;
            }

            if (!resolved.IsFileSystem)
            {
                Builder.AddIssue(NotFileSystem(path, resolved.Provider));
                return null;
            }

            // A missing file or a folder is reported by the reader, naming the full path.
            return resolved.Paths[0];
        }

        private static ValidationIssue NotFileSystem(string path, string? provider) => new ValidationIssue(
            IssueIds.NotFileSystemPath,
            $"'{path}' is a path of the {provider} provider; certificates are read from files only. Give a file system path.",
            path,
            FailureKind.InvalidArgument);
    }
}
