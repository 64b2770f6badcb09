using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace RECertificates.Commands
{
    /// <summary>
    /// What Set-RECertificate, Update-RECertificateLegacy and Test-RECertificate share: the five ways to give
    /// certificates (files by -Path or -LiteralPath, read by their content; PEM text; objects from Get-RECertificate;
    /// X509Certificate2 objects such as the certificate store's), collecting
    /// everything the pipeline brings, pairing keys with certificates, and validating the whole set with the one
    /// validator. Each derived cmdlet then decides what to do with the verdict.
    /// </summary>
    public abstract class CertificateInputCmdlet : RECmdlet, IDisposable
    {
        internal const string PathSet = "Path";
        internal const string LiteralPathSet = "LiteralPath";
        internal const string CertificateSet = "Certificate";
        internal const string InputObjectSet = "InputObject";
        internal const string X509CertificateSet = "X509Certificate";

        /// <summary>Up to this many items read and validate too fast for a progress bar to help.</summary>
        private const int ProgressThreshold = 4;

        private readonly HashSet<string> _givenPaths = new HashSet<string>(StringComparer.Ordinal);

        // -KeyPath as given (it may come per pipeline object) -> resolved, so each is resolved, and reported, once.
        private readonly Dictionary<string, string?> _keyPaths = new Dictionary<string, string?>(StringComparer.Ordinal);
        private CertificateSetBuilder? _builder;

        /// <summary>
        /// Certificate files (with their keys, or keys beside them); wildcards allowed. FullChainFile is the property of
        /// Posh-ACME's certificate object: the alias sits here, on the default set, because PowerShell tries that set first.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Alias("FullChainFile")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Certificate files, taken as written; FileInfo from Get-ChildItem binds here.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>The certificate's name on the cluster; with files it overrides the name the file gives.</summary>
        [Parameter(ParameterSetName = PathSet)]
        [Parameter(ParameterSetName = LiteralPathSet)]
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [Parameter(ParameterSetName = X509CertificateSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CertificateNameCompleter))]
        public string? Name { get; set; }

        /// <summary>The key file, when it is not in the certificate file nor named after it beside it (KeyFile: Posh-ACME's property).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("KeyFile")]
        [ValidateNotNullOrEmpty]
        public string? KeyPath { get; set; }

        /// <summary>Opens a PKCS#12 file or an encrypted PEM key; ignored where nothing is protected (PfxPass: Posh-ACME's property).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PfxPass")]
        public SecureString? Password { get; set; }

        /// <summary>Certificate objects, such as Get-ChildItem Cert:\LocalMachine\My\&lt;thumbprint&gt; gives; the key is exported in memory.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = X509CertificateSet)]
        [ValidateNotNull]
        public X509Certificate2[]? X509Certificate { get; set; }

        /// <summary>The PEM chain as text, leaf first (a key pasted into it is split off).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
        [ValidateNotNullOrEmpty]
        public string? Certificate { get; set; }

        /// <summary>The PEM private key.</summary>
        [Parameter(ParameterSetName = CertificateSet)]
        public SecureString? Key { get; set; }

        /// <summary>Certificates read by Get-RECertificate -IncludePrivateKey, to copy them to another cluster.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public RECertificate[]? InputObject { get; set; }

        private bool FromFiles => ParameterSetName == PathSet || ParameterSetName == LiteralPathSet;

        protected override void BeginProcessing()
        {
            _builder = new CertificateSetBuilder(FromFiles || ParameterSetName == X509CertificateSet ? Name : null);
        }

        /// <summary>Whether a full path is a key file given with -KeyPath (or a pipeline object's KeyFile).</summary>
        private protected bool IsGivenKeyPath(string path) => _keyPaths.ContainsValue(path);

        protected override void ProcessRecord()
        {
            // Each record is resolved into locals: the bound properties belong to PowerShell's binder.
            CertificateSetBuilder builder = _builder!;
            string? keyPath = ResolveKeyPath();
            switch (ParameterSetName)
            {
                case PathSet:
                    foreach (string path in Path ?? Array.Empty<string>())
                    {
                        foreach (string file in ResolveWildcard(path))
                        {
                            Add(builder, file, keyPath);
                        }
                    }

                    break;

                case LiteralPathSet:
                    foreach (string path in LiteralPath ?? Array.Empty<string>())
                    {
                        string? file = ResolveLiteral(path);
                        if (file != null)
                        {
                            Add(builder, file, keyPath);
                        }
                    }

                    break;

                case CertificateSet:
                    builder.AddPem(Name!, Certificate!, Key);
                    break;

                case InputObjectSet:
                    foreach (RECertificate certificate in InputObject ?? Array.Empty<RECertificate>())
                    {
                        builder.AddCertificate(certificate);
                    }

                    break;

                case X509CertificateSet:
                    foreach (X509Certificate2 certificate in X509Certificate ?? Array.Empty<X509Certificate2>())
                    {
                        WriteVerbose($"Reading {X509CertificateSource.Describe(certificate)}: its chain from this machine's certificate stores, its key in memory.");
                        builder.AddX509Certificate(certificate);
                    }

                    break;
            }
        }

        /// <summary>
        /// This record's -KeyPath as a full path; null when none was given or it cannot be a file (that is reported with
        /// everything else, and the key is then looked for beside the certificate).
        /// </summary>
        private string? ResolveKeyPath()
        {
            if (!FromFiles || KeyPath == null)
            {
                return null;
            }

            if (!_keyPaths.TryGetValue(KeyPath, out string? resolved))
            {
                resolved = ResolveLiteral(KeyPath);
                _keyPaths[KeyPath] = resolved;
            }

            return resolved;
        }

        /// <summary>
        /// PowerShell disposes a command when its pipeline ends, however it ends: after Ctrl+C or an upstream
        /// failure, the keys collected from -Key or -InputObject are wiped here instead of waiting for the collector.
        /// </summary>
        public void Dispose()
        {
            _builder?.Dispose();
            _builder = null;
        }

        protected sealed override void EndProcessing()
        {
            CertificateSetBuilder builder = _builder!;
            var reading = new ProgressRecord(ActivityIds.Files, "Reading certificate files", "Reading");
            bool showReading = _givenPaths.Count > ProgressThreshold;
            using CertificateSet set = Build(builder, (index, count, path) =>
            {
                if (showReading)
                {
                    reading.StatusDescription = $"{index + 1} of {count}: {path}";
                    reading.PercentComplete = (int)(100.0 * index / count);
                    WriteProgress(reading);
                }
            });
            if (showReading)
            {
                reading.RecordType = ProgressRecordType.Completed;
                WriteProgress(reading);
            }

            WritePairing(set);
            CertificateValidationReport report = Validate(set);
            ProcessValidated(set, report);
        }

        private CertificateSet Build(CertificateSetBuilder builder, Action<int, int, string> reading)
        {
            try
            {
                return builder.Build(reading, CancellationToken);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C while a file was read: PowerShell expects the pipeline to stop, not an error.
                throw new PipelineStoppedException();
            }
        }

        /// <summary>What the cmdlet does with the verdict. The set's keys are wiped when this returns.</summary>
        private protected abstract void ProcessValidated(CertificateSet set, CertificateValidationReport report);

        /// <summary>Errors as non-terminating error records (ErrorId = the issue's id), warnings as warnings.</summary>
        private protected void WriteIssues(CertificateValidationReport report)
        {
            foreach (ValidationIssue error in report.Errors)
            {
                WriteError(ErrorRecords.FromIssue(error));
            }

            foreach (ValidationIssue warning in report.Warnings)
            {
                WriteWarning(warning.Message);
            }
        }

        private CertificateValidationReport Validate(CertificateSet set)
        {
            bool showProgress = set.Inputs.Count > ProgressThreshold;
            var progress = new ProgressRecord(ActivityIds.Files, "Validating certificates", "Validating");
            CertificateValidationReport report = new CertificateValidator().Validate(set, (index, count, input) =>
            {
                if (showProgress)
                {
                    progress.StatusDescription = $"{index + 1} of {count}: {input.Description}";
                    progress.PercentComplete = (int)(100.0 * index / count);
                    WriteProgress(progress);
                }
            });
            if (showProgress)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            for (int i = 0; i < set.Inputs.Count; i++)
            {
                CertificateValidationResult result = report.Results[i];
                WriteVerbose(result.IsValid
                    ? $"{set.Inputs[i].Description}: valid{(result.Warnings.Count > 0 ? $", with {result.Warnings.Count} warning(s)" : string.Empty)}."
                    : $"{set.Inputs[i].Description}: not valid, {result.Errors.Count} error(s): {string.Join(", ", result.Errors.Select(e => e.Id))}.");
            }

            return report;
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

                WriteVerbose($"Certificate '{input.Name}' from {input.Origin}, {key}.");
            }
        }

        private void Add(CertificateSetBuilder builder, string file, string? keyPath)
        {
            _givenPaths.Add(file);
            builder.AddFile(file, keyPath, Password);
        }

        /// <summary>-Path: wildcards expand against PowerShell's current location; a pattern that matches nothing is reported.</summary>
        private IEnumerable<string> ResolveWildcard(string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path))
            {
                string? single = ResolveLiteral(path);
                return single == null ? Array.Empty<string>() : new[] { single };
            }

            ProviderInfo? provider = null;
            List<string> files;
            try
            {
                files = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo found).ToList();
                provider = found;
            }
            catch (Exception e) when (IsPathError(e))
            {
                // Nothing matches (or the drive does not exist): reported below like an empty match.
                files = new List<string>();
            }

            if (provider != null && !IsFileSystem(provider))
            {
                _builder!.AddIssue(NotFileSystem(path, provider));
                return Array.Empty<string>();
            }

            // A pattern such as *.pem may also match a folder: only files can be certificates.
            files = files.Where(f => !Directory.Exists(f)).ToList();
            if (files.Count == 0)
            {
                _builder!.AddIssue(new ValidationIssue(IssueIds.FileNotFound,
                    $"No certificate file matches '{path}' (in {SessionState.Path.CurrentLocation}). Check the path and the pattern.",
                    path, FailureKind.ObjectNotFound));
            }

            return files;
        }

        /// <summary>-LiteralPath and -KeyPath: taken as written, relative to PowerShell's current location (not the process's).</summary>
        private string? ResolveLiteral(string path)
        {
            try
            {
                string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (!IsFileSystem(provider))
                {
                    _builder!.AddIssue(NotFileSystem(path, provider));
                    return null;
                }

                // A missing file or a folder is reported by the reader, naming the full path.
                return resolved;
            }
            catch (Exception e) when (IsPathError(e))
            {
                _builder!.AddIssue(new ValidationIssue(IssueIds.FileNotFound,
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
