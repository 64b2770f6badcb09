using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
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
    /// with certificates), then <see cref="Validate"/> (the one validator). Progress and -Verbose are written through
    /// the cmdlet; what to do with the verdict is the cmdlet's.
    /// </summary>
    internal sealed class CertificateCollector : IDisposable
    {
        /// <summary>Up to this many items read and validate too fast for a progress bar to help.</summary>
        private const int ProgressThreshold = 4;

        private readonly CertificateInputCmdlet _cmdlet;
        private readonly HashSet<string> _givenPaths = new HashSet<string>(StringComparer.Ordinal);

        // -KeyPath as given (it may come per pipeline object) -> resolved, so each is resolved, and reported, once.
        private readonly Dictionary<string, string?> _keyPaths = new Dictionary<string, string?>(StringComparer.Ordinal);
        private CertificateSetBuilder? _builder;

        /// <summary>Made in BeginProcessing: -Name is bound by then, and with files or store objects it names them all.</summary>
        public CertificateCollector(CertificateInputCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            bool nameOverrides = cmdlet.FromFiles || cmdlet.ParameterSetName == CertificateInputCmdlet.X509CertificateSet;
            _builder = new CertificateSetBuilder(nameOverrides ? cmdlet.Name : null);
            if (cmdlet.Name != null && CertificateNames.KubernetesNameIn(cmdlet.Name) is string kubernetes && kubernetes == cmdlet.Name.ToLowerInvariant().Replace('-', '_'))
            {
                cmdlet.WriteVerbose(KubernetesNote($"-Name {cmdlet.Name}", kubernetes));
            }
        }

        private CertificateSetBuilder Builder => _builder ?? throw new ObjectDisposedException(nameof(CertificateCollector));

        /// <summary>Takes what the current pipeline record bound. The bound properties belong to PowerShell's binder, so they are read here, once per record.</summary>
        public void Add()
        {
            CertificateSetBuilder builder = Builder;
            string? keyPath = ResolveKeyPath();
            switch (_cmdlet.ParameterSetName)
            {
                case CertificateInputCmdlet.PathSet:
                    foreach (string path in _cmdlet.Path ?? Array.Empty<string>())
                    {
                        foreach (string file in ResolveWildcard(path))
                        {
                            AddFile(file, keyPath);
                        }
                    }

                    break;

                case CertificateInputCmdlet.LiteralPathSet:
                    foreach (string path in _cmdlet.LiteralPath ?? Array.Empty<string>())
                    {
                        if (ResolveLiteral(path) is string file)
                        {
                            AddFile(file, keyPath);
                        }
                    }

                    break;

                case CertificateInputCmdlet.PemTextSet:
                    builder.AddPem(_cmdlet.Name!, _cmdlet.Certificate!, _cmdlet.Key);
                    break;

                case CertificateInputCmdlet.InputObjectSet:
                    foreach (RECertificate certificate in _cmdlet.InputObject ?? Array.Empty<RECertificate>())
                    {
                        builder.AddCertificate(certificate);
                    }

                    break;

                case CertificateInputCmdlet.X509CertificateSet:
                    foreach (X509Certificate2 certificate in _cmdlet.X509Certificate ?? Array.Empty<X509Certificate2>())
                    {
                        _cmdlet.WriteVerbose($"Reading {X509CertificateSource.Describe(certificate)}: its chain from this machine's certificate stores, its key in memory.");
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
                        _cmdlet.WriteProgress(reading);
                    }
                }, _cmdlet.CancellationToken);
            }
            catch (OperationCanceledException) when (_cmdlet.CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C while a file was read: PowerShell expects the pipeline to stop, not an error.
                throw new PipelineStoppedException();
            }

            if (showReading)
            {
                reading.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(reading);
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
                _cmdlet.WriteVerbose(target.CheckNames
                    ? $"Checking the certificates for cluster '{target.Label}' (Redis Enterprise {target.VersionText ?? "of unknown version"}): api, cm, proxy and metrics_exporter must name {target.Fqdn ?? "the cluster"}, a name under it, or {target.Host}."
                    : $"Checking the certificates for cluster '{target.Label}' (Redis Enterprise {target.VersionText ?? "of unknown version"}), without the name check (-SkipNameCheck).");
            }

            CertificateValidationReport report = new CertificateValidator().Validate(set, target, (index, count, input) =>
            {
                if (showProgress)
                {
                    progress.StatusDescription = $"{index + 1} of {count}: {input.Description}";
                    progress.PercentComplete = (int)(100.0 * index / count);
                    _cmdlet.WriteProgress(progress);
                }
            });
            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(progress);
            }

            for (int i = 0; i < set.Inputs.Count; i++)
            {
                CertificateTestResult result = report.Results[i];
                _cmdlet.WriteVerbose(result.IsValid
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

                _cmdlet.WriteVerbose($"Certificate '{input.Name}' from {input.Origin}, {key}.");
                if (input.NamedByFile && input.CertificatePath != null && CertificateNames.KubernetesNameIn(CertificateFileName.FileNameOf(input.CertificatePath)) is string kubernetes)
                {
                    _cmdlet.WriteVerbose(KubernetesNote($"'{input.CertificatePath}'", kubernetes));
                }
            }
        }

        private static string KubernetesNote(string given, string kubernetes) =>
            $"{given}: '{kubernetes}' is the Kubernetes operator's name for '{CertificateNames.Normalize(kubernetes)}', the name the cluster's REST API uses; it is sent as '{CertificateNames.Normalize(kubernetes)}'.";

        private void AddFile(string file, string? keyPath)
        {
            _givenPaths.Add(file);
            Builder.AddFile(file, keyPath, _cmdlet.Password);
        }

        /// <summary>
        /// This record's -KeyPath as a full path; null when none was given or it cannot be a file (that is reported with
        /// everything else, and the key is then looked for beside the certificate).
        /// </summary>
        private string? ResolveKeyPath()
        {
            string? given = _cmdlet.KeyPath;
            if (!_cmdlet.FromFiles || given == null)
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

            PathIntrinsics paths = _cmdlet.SessionState.Path;
            ProviderInfo? provider = null;
            List<string> files;
            try
            {
                files = paths.GetResolvedProviderPathFromPSPath(path, out ProviderInfo found).ToList();
                provider = found;
            }
            catch (Exception e) when (IsPathError(e))
            {
                // Nothing matches (or the drive does not exist): reported below like an empty match.
                files = new List<string>();
            }

            if (provider != null && !IsFileSystem(provider))
            {
                Builder.AddIssue(NotFileSystem(path, provider));
                return Array.Empty<string>();
            }

            // A pattern such as *.pem may also match a folder: only files can be certificates.
            files = files.Where(f => !Directory.Exists(f)).ToList();
            if (files.Count == 0)
            {
                Builder.AddIssue(new ValidationIssue(IssueIds.FileNotFound,
                    $"No certificate file matches '{path}' (in {paths.CurrentLocation}). Check the path and the pattern.",
                    path, FailureKind.ObjectNotFound));
            }

            return files;
        }

        /// <summary>-LiteralPath and -KeyPath: taken as written, relative to PowerShell's current location (not the process's).</summary>
        private string? ResolveLiteral(string path)
        {
            try
            {
                string resolved = _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (!IsFileSystem(provider))
                {
                    Builder.AddIssue(NotFileSystem(path, provider));
                    return null;
                }

                // A missing file or a folder is reported by the reader, naming the full path.
                return resolved;
            }
            catch (Exception e) when (IsPathError(e))
            {
                Builder.AddIssue(new ValidationIssue(IssueIds.FileNotFound,
                    $"Certificate file '{path}' cannot be found: {e.Message}", path, FailureKind.ObjectNotFound));
                return null;
            }
        }

        private static bool IsFileSystem(ProviderInfo provider) =>
            string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        private static ValidationIssue NotFileSystem(string path, ProviderInfo provider) => new ValidationIssue(
            IssueIds.NotFileSystemPath,
            $"'{path}' is a path of the {provider.Name} provider; certificates are read from files only. Give a file system path.",
            path,
            FailureKind.InvalidArgument);

        private static bool IsPathError(Exception e) =>
            e is SessionStateException || e is ArgumentException || e is NotSupportedException
            || e is ProviderInvocationException || e is IOException || e is UnauthorizedAccessException;
    }
}
