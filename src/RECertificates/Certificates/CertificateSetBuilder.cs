using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using RECertificates.Certificates.Sources;
using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// Collects what a cmdlet call brings (file paths, PEM text, RECertificate and X509Certificate2 objects) and pairs
    /// each certificate with its key, following the file naming conventions. Files are read by their content through
    /// <see cref="ContentReaders"/>; from there on every source is "certificate text + key + origin". Problems do not stop the collection:
    /// they are gathered as issues so the user sees all of them at once. Keys given as text or objects are held
    /// until Build hands them to the set; disposing a builder that never built (the pipeline stopped) wipes them.
    /// </summary>
    internal sealed class CertificateSetBuilder : IDisposable
    {
        private readonly string? _explicitName;
        private readonly List<GivenFile> _paths = new List<GivenFile>();
        private readonly List<CertificateInput> _given = new List<CertificateInput>();
        private readonly List<ValidationIssue> _issues = new List<ValidationIssue>();
        private bool _built;

        /// <param name="name">-Name: overrides the name read from the file; only with a single certificate.</param>
        public CertificateSetBuilder(string? name = null)
        {
            _explicitName = name == null ? null : CertificateNames.Normalize(name);
        }

        /// <summary>A resolved, absolute path to a certificate file, a key file, or both in one.</summary>
        /// <param name="keyPath">-KeyPath as given with this file (it may differ per pipeline object): the key to use instead of looking for one.</param>
        /// <param name="password">-Password as given with this file, for a PKCS#12 file or an encrypted key; the caller keeps it.</param>
        public void AddFile(string path, string? keyPath = null, SecureString? password = null)
        {
            if (!_paths.Any(given => given.Path == path))
            {
                _paths.Add(new GivenFile(path, keyPath, password));
            }
        }

        /// <summary>
        /// A certificate object (-X509Certificate). Named by -Name, else by its FriendlyName when that is a certificate
        /// name; read at once (chain from the stores, key exported), so the object itself is not kept.
        /// </summary>
        public void AddX509Certificate(X509Certificate2 certificate)
        {
            string? name = _explicitName ?? X509CertificateSource.NameOf(certificate);
            if (name == null)
            {
                string description = X509CertificateSource.Describe(certificate);
                _issues.Add(new ValidationIssue(
                    IssueIds.NameRequired,
                    $"{description} does not say which cluster certificate it is (its FriendlyName '{certificate.FriendlyName}' is not a certificate name); give -Name, for example -Name proxy.",
                    certificate.Thumbprint,
                    FailureKind.InvalidArgument));
                return;
            }

            try
            {
                SourceContent content = X509CertificateSource.Read(certificate, withKey: !CertificateNames.IsKeyless(name));
                _given.Add(new CertificateInput(name, content.CertificatePem, content.Key, content.Origin) { ChainFromStores = true });
            }
            catch (CertificateInputException e)
            {
                _issues.Add(e.Issue);
            }
        }

        /// <summary>
        /// -Name -Certificate [-Key]. The key is copied: the caller keeps and disposes its own. Only certificate blocks
        /// are ever sent as the certificate: a key pasted into the text is split off, or refused when -Key gives one too.
        /// </summary>
        public void AddPem(string name, string certificatePem, SecureString? key)
        {
            string origin = $"certificate '{name}' given as text";
            string pem = SplitPastedKey(certificatePem, origin, out SecureString? pastedKey, out bool holdsKey);
            if (holdsKey && key != null)
            {
                pastedKey?.Dispose();
                _issues.Add(new ValidationIssue(
                    IssueIds.KeyInCertificateText,
                    $"{origin}: -Certificate holds a private key block, and -Key gives a key too. Give only the certificate chain in -Certificate and the key in -Key: the cluster stores the certificate text where anyone who may read certificates sees it.",
                    CertificateNames.Normalize(name),
                    FailureKind.InvalidArgument));
                return;
            }

            _given.Add(new CertificateInput(CertificateNames.Normalize(name), pem, key?.Copy() ?? pastedKey, origin));
        }

        /// <summary>An object from Get-RECertificate (-IncludePrivateKey), to copy a certificate between clusters.</summary>
        public void AddCertificate(RECertificate certificate)
        {
            string origin = certificate.ClusterName == null
                ? $"certificate '{certificate.Name}'"
                : $"certificate '{certificate.Name}' from cluster '{certificate.ClusterName}'";
            _given.Add(new CertificateInput(certificate.Name, certificate.CertificatePem, certificate.PrivateKey?.Copy(), origin));
        }

        /// <summary>A problem found before anything reached the builder (a path that names no file), reported with the set's own.</summary>
        public void AddIssue(ValidationIssue issue) => _issues.Add(issue);

        /// <summary>Wipes the keys collected so far, unless Build has handed them to a set.</summary>
        public void Dispose()
        {
            if (!_built)
            {
                _given.ForEach(input => input.Dispose());
                _given.Clear();
            }
        }

        /// <param name="reading">Told (index, count, path) before each given file is read, for a progress bar.</param>
        /// <param name="cancellation">Ctrl+C: stops between files and between chunks of a file.</param>
        public CertificateSet Build(Action<int, int, string>? reading = null, CancellationToken cancellation = default)
        {
            var certificateFiles = new List<ReadFile>();
            var keyFiles = new List<ReadFile>();
            var chainOnlyFiles = new List<ReadFile>();
            try
            {
                for (int index = 0; index < _paths.Count; index++)
                {
                    GivenFile given = _paths[index];
                    reading?.Invoke(index, _paths.Count, given.Path);
                    ReadFile? file = TryRead(given.Path, given, cancellation);
                    if (file == null)
                    {
                        continue;
                    }

                    (file.FileName.Role == CertificateFileRole.ChainOnly ? chainOnlyFiles : file.HasCertificate ? certificateFiles : keyFiles).Add(file);
                }
            }
            catch (OperationCanceledException)
            {
                certificateFiles.Concat(keyFiles).ToList().ForEach(f => f.Key?.Dispose());
                throw;
            }

            // From here on the inputs, and their keys, belong to the set.
            _built = true;
            certificateFiles = CompleteLeafOnlyFiles(certificateFiles, chainOnlyFiles);
            int certificateCount = certificateFiles.Count + _given.Count;
            bool useExplicitName = _explicitName != null && RequireSingle(certificateCount, IssueIds.NameRequiresSingleCertificate, "-Name", _explicitName);
            HashSet<string> sharedKeyPaths = KeyPathsOfSeveralCertificates(certificateFiles);

            var inputs = new List<CertificateInput>();
            if (useExplicitName && _given.Count == 1)
            {
                CertificateInput only = _given[0];
                inputs.Add(new CertificateInput(_explicitName!, only.CertificatePem, only.Key, only.Origin) { ChainFromStores = only.ChainFromStores });
            }
            else
            {
                inputs.AddRange(_given);
            }

            foreach (ReadFile file in certificateFiles)
            {
                string name = useExplicitName ? _explicitName! : file.FileName.CertificateName;
                if (!useExplicitName && file.FileName.Role == CertificateFileRole.Unknown)
                {
                    _issues.Add(new ValidationIssue(
                        IssueIds.UnrecognizedFileName,
                        $"The name of '{file.Path}' does not say which certificate it is; name it like proxy.pem, proxy.crt, proxy.pfx or proxy_cert.pem, or give -Name.",
                        file.Path,
                        FailureKind.InvalidArgument));
                    file.Key?.Dispose();
                    continue;
                }

                bool useExplicitKey = file.Given.KeyPath != null && !sharedKeyPaths.Contains(file.Given.KeyPath);
                CertificateInput paired = PairWithKey(file, name, useExplicitKey, keyFiles);
                paired.NamedByFile = !useExplicitName;
                inputs.Add(paired);
            }

            foreach (ReadFile key in keyFiles.Where(k => !k.Used))
            {
                key.Key?.Dispose();
                _issues.Add(new ValidationIssue(
                    IssueIds.KeyOnlyNoCertificate,
                    $"'{key.Path}' holds a private key but no certificate claims it; give its certificate too (for example {key.FileName.CertificateName}.pem).",
                    key.Path,
                    FailureKind.ObjectNotFound));
            }

            return new CertificateSet(RemoveDuplicateNames(inputs), _issues);
        }

        /// <summary>
        /// win-acme's leaf-only file (proxy-crt.pem) gives way to a file of the same name with the chain
        /// (proxy-chain.pem), and otherwise takes its issuers from the chain-only file (proxy-chain-only.pem), given
        /// or lying beside it. A chain-only file is never a certificate of its own.
        /// </summary>
        private List<ReadFile> CompleteLeafOnlyFiles(List<ReadFile> certificateFiles, List<ReadFile> chainOnlyFiles)
        {
            var kept = new List<ReadFile>();
            foreach (ReadFile file in certificateFiles)
            {
                string name = file.FileName.CertificateName;
                if (file.FileName.Role != CertificateFileRole.LeafOnly)
                {
                    kept.Add(file);
                    continue;
                }

                if (certificateFiles.Any(other => other.FileName.Role == CertificateFileRole.Certificate && other.FileName.CertificateName == name))
                {
                    file.Key?.Dispose();
                    continue;
                }

                ReadFile? issuers = chainOnlyFiles.FirstOrDefault(c => c.FileName.CertificateName == name) ?? ChainOnlyBeside(file);
                kept.Add(issuers == null ? file : file.WithIssuers(issuers.CertificatePem));
            }

            foreach (ReadFile chainOnly in chainOnlyFiles.Where(c => !kept.Any(k => k.FileName.CertificateName == c.FileName.CertificateName)))
            {
                _issues.Add(new ValidationIssue(
                    IssueIds.IssuersOnly,
                    $"'{chainOnly.Path}' holds only the issuers of certificate '{chainOnly.FileName.CertificateName}' (win-acme's chain-only file); give its certificate too ({chainOnly.FileName.CertificateName}-chain.pem or {chainOnly.FileName.CertificateName}-crt.pem).",
                    chainOnly.Path,
                    FailureKind.ObjectNotFound));
            }

            chainOnlyFiles.ForEach(c => c.Key?.Dispose());
            return kept;
        }

        private ReadFile? ChainOnlyBeside(ReadFile leafOnly)
        {
            string? directory = Path.GetDirectoryName(leafOnly.Path);
            string wanted = CertificateFileName.ChainOnlyFileName(leafOnly.FileName.CertificateName);
            string? path = string.IsNullOrEmpty(directory) || !Directory.Exists(directory) ? null
                : Directory.EnumerateFiles(directory).FirstOrDefault(f => CertificateNames.NormalizeFileName(Path.GetFileName(f)) == wanted);
            return path == null ? null : TryRead(path, leafOnly.Given, CancellationToken.None);
        }

        /// <summary>A -KeyPath that several certificate files would share is reported once and used by none of them.</summary>
        private HashSet<string> KeyPathsOfSeveralCertificates(List<ReadFile> certificateFiles)
        {
            var shared = new HashSet<string>(StringComparer.Ordinal);
            foreach (IGrouping<string, ReadFile> group in certificateFiles.Where(f => f.Given.KeyPath != null).GroupBy(f => f.Given.KeyPath!))
            {
                if (!RequireSingle(group.Count(), IssueIds.KeyPathRequiresSingleCertificate, "-KeyPath", group.Key))
                {
                    shared.Add(group.Key);
                }
            }

            return shared;
        }

        private CertificateInput PairWithKey(ReadFile file, string name, bool useExplicitKey, List<ReadFile> keyFiles)
        {
            if (useExplicitKey)
            {
                // -KeyPath wins over a key in the file or beside it: the user said which one.
                file.Key?.Dispose();
                string keyPath = file.Given.KeyPath!;
                ReadFile? explicitKey = TryReadKey(keyPath, file.Given);
                return new CertificateInput(name, file.CertificatePem, explicitKey?.Key, file.Path, file.Path, keyPath);
            }

            // A key file belongs to one certificate: a second certificate of the same name (an error of its own) must not
            // share it, or disposing that duplicate would wipe the key of the first.
            // Keys pair by the files' own names, even when -Name renames the certificate (win-acme's host-named files).
            string fileName = file.FileName.CertificateName;
            List<ReadFile> piped = keyFiles.Where(k => !k.Used && (k.FileName.CertificateName == name || k.FileName.CertificateName == fileName)).ToList();
            piped.ForEach(k => k.Used = true);
            if (file.Key != null)
            {
                foreach (ReadFile extra in piped)
                {
                    _issues.Add(TwoKeys(name, file.Path, extra.Path));
                    extra.Key?.Dispose();
                }

                return new CertificateInput(name, file.CertificatePem, file.Key, file.Path, file.Path, file.Path);
            }

            if (piped.Count > 1)
            {
                _issues.Add(TwoKeys(name, piped[0].Path, piped[1].Path));
            }

            if (piped.Count > 0)
            {
                piped.Skip(1).ToList().ForEach(k => k.Key?.Dispose());
                return new CertificateInput(name, file.CertificatePem, piped[0].Key, file.Path, file.Path, piped[0].Path);
            }

            // A key file that was given itself has been read (and any problem with it reported) already.
            string? besidePath = CertificateNames.IsKeyless(name) ? null
                : FindKeyBeside(file.Path, fileName) ?? (name == fileName ? null : FindKeyBeside(file.Path, name));
            if (besidePath != null && _paths.Any(given => given.Path == besidePath))
            {
                besidePath = null;
            }

            ReadFile? beside = besidePath == null ? null : TryReadKey(besidePath, file.Given);

            // A key file that could not be read keeps its path: its own error says why, and no "no private key" joins it.
            return new CertificateInput(name, file.CertificatePem, beside?.Key, file.Path, file.Path, besidePath);
        }

        /// <summary>A key file lying beside the certificate, by the naming conventions, in their order.</summary>
        private static string? FindKeyBeside(string certificatePath, string name)
        {
            string? directory = Path.GetDirectoryName(certificatePath);
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                return null;
            }

            IReadOnlyList<string> candidates = CertificateFileName.KeyFileCandidates(name).Select(CertificateNames.Normalize).ToList();
            return Directory.EnumerateFiles(directory)
                .Select(path => (path, rank: IndexOf(candidates, CertificateNames.NormalizeFileName(Path.GetFileName(path)))))
                .Where(candidate => candidate.rank >= 0)
                .OrderBy(candidate => candidate.rank)
                .Select(candidate => candidate.path)
                .FirstOrDefault();
        }

        private List<CertificateInput> RemoveDuplicateNames(List<CertificateInput> inputs)
        {
            var kept = new List<CertificateInput>();
            foreach (CertificateInput input in inputs)
            {
                CertificateInput? first = kept.FirstOrDefault(k => k.Name == input.Name);
                if (first == null)
                {
                    kept.Add(input);
                    continue;
                }

                _issues.Add(new ValidationIssue(
                    IssueIds.DuplicateCertificateName,
                    $"Two inputs claim certificate '{input.Name}': {first.Origin} and {input.Origin}. Give only one of them.",
                    input.Target,
                    FailureKind.InvalidArgument));
                input.Dispose();
            }

            return kept;
        }

        private bool RequireSingle(int certificateCount, string id, string parameter, string value)
        {
            if (certificateCount <= 1)
            {
                return true;
            }

            _issues.Add(new ValidationIssue(
                id,
                $"{parameter} '{value}' can only be used with a single certificate, but {certificateCount} were given; name the files after their certificates instead (proxy.pem, proxy.key).",
                value,
                FailureKind.InvalidArgument));
            return false;
        }

        private ReadFile? TryReadKey(string path, GivenFile with)
        {
            ReadFile? file = TryRead(path, with, CancellationToken.None);
            if (file != null && file.Key == null)
            {
                _issues.Add(new ValidationIssue(IssueIds.InvalidPrivateKey, $"'{path}' was given as a key file but holds no private key.", path, FailureKind.InvalidArgument));
                return null;
            }

            return file;
        }

        /// <summary>Reads a file by its content, with the -Password given with it; reports why not, if it cannot.</summary>
        private ReadFile? TryRead(string path, GivenFile with, CancellationToken cancellation)
        {
            byte[]? bytes = null;
            try
            {
                bytes = CertificateFileReader.ReadBytes(path, cancellation);
                SourceContent content = ContentReaders.Read(bytes, path, with.Password, cancellation);
                return new ReadFile(path, with, content.CertificatePem, content.Key);
            }
            catch (CertificateInputException e)
            {
                _issues.Add(e.Issue);
                return null;
            }
            finally
            {
                if (bytes != null)
                {
                    Array.Clear(bytes, 0, bytes.Length);
                }
            }
        }

        /// <summary>
        /// The certificate blocks of pasted text, as a file's would be sent, with its key block as <paramref name="key"/>.
        /// Text the reader cannot read, or that holds no certificate, is returned as given for the validator to report.
        /// </summary>
        private static string SplitPastedKey(string text, string origin, out SecureString? key, out bool holdsKey)
        {
            key = null;
            holdsKey = false;
            List<PemBlock> blocks;
            try
            {
                blocks = PemReader.Read(text.AsSpan(), origin);
            }
            catch (CertificateInputException)
            {
                return text; // the validator reads it again and reports the problem with the rest
            }

            try
            {
                PemBlock? keyBlock = blocks.FirstOrDefault(b => b.IsPrivateKey);
                holdsKey = keyBlock != null;
                if (!blocks.Any(b => b.IsCertificate))
                {
                    return text;
                }

                if (keyBlock != null)
                {
                    key = SecretText.ToSecureString(text.AsSpan(keyBlock.TextStart, keyBlock.TextLength));
                }

                return CertificateChainReader.CertificateText(text.AsSpan(), blocks);
            }
            finally
            {
                blocks.ForEach(b => b.Clear());
            }
        }

        private static ValidationIssue TwoKeys(string name, string first, string second) => new ValidationIssue(
            IssueIds.MultiplePrivateKeys,
            $"Certificate '{name}' has two keys: '{first}' and '{second}'; give only one.",
            second,
            FailureKind.InvalidArgument);

        private static int IndexOf(IReadOnlyList<string> list, string value)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>A file as the user gave it: its path, and the -KeyPath and -Password that came with it.</summary>
        private sealed class GivenFile
        {
            public GivenFile(string path, string? keyPath, SecureString? password)
            {
                Path = path;
                KeyPath = keyPath;
                Password = password;
            }

            public string Path { get; }

            public string? KeyPath { get; }

            public SecureString? Password { get; }
        }

        /// <summary>A file once read: its certificate text (if any) and its key (if any).</summary>
        private sealed class ReadFile
        {
            public ReadFile(string path, GivenFile given, string certificatePem, SecureString? key)
            {
                Path = path;
                Given = given;
                FileName = CertificateFileName.Parse(path);
                CertificatePem = certificatePem;
                Key = key;
            }

            public string Path { get; }

            /// <summary>What came with the certificate file (for a key found beside it: what came with that certificate).</summary>
            public GivenFile Given { get; }

            public CertificateFileName FileName { get; }

            public bool HasCertificate => CertificatePem.Length > 0;

            public string CertificatePem { get; }

            public SecureString? Key { get; }

            public bool Used { get; set; }

            /// <summary>The same file with issuers from elsewhere appended (a leaf-only file and its chain-only file).</summary>
            public ReadFile WithIssuers(string issuersPem) => new ReadFile(Path, Given, CertificatePem + issuersPem, Key);
        }
    }
}
