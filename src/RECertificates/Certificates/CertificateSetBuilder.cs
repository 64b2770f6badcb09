using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;

namespace RECertificates
{
    /// <summary>
    /// Collects what a cmdlet call brings (file paths, PEM text, RECertificate objects) and pairs each
    /// certificate with its key, following the file naming conventions. Problems do not stop the collection:
    /// they are gathered as issues so the user sees all of them at once. Keys given as text or objects are held
    /// until Build hands them to the set; disposing a builder that never built (the pipeline stopped) wipes them.
    /// </summary>
    internal sealed class CertificateSetBuilder : IDisposable
    {
        private readonly string? _explicitName;
        private readonly string? _explicitKeyPath;
        private readonly List<string> _paths = new List<string>();
        private readonly List<CertificateInput> _given = new List<CertificateInput>();
        private readonly List<ValidationIssue> _issues = new List<ValidationIssue>();
        private bool _built;

        /// <param name="name">-Name: overrides the name read from the file; only with a single certificate.</param>
        /// <param name="keyPath">-KeyPath: the key to use instead of looking for one; only with a single certificate.</param>
        public CertificateSetBuilder(string? name = null, string? keyPath = null)
        {
            _explicitName = name == null ? null : CertificateNames.Normalize(name);
            _explicitKeyPath = keyPath;
        }

        /// <summary>A resolved, absolute path to a certificate file, a key file, or both in one.</summary>
        public void AddFile(string path)
        {
            if (!_paths.Contains(path, StringComparer.Ordinal))
            {
                _paths.Add(path);
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
                    IssueCategory.InvalidArgument));
                return;
            }

            _given.Add(new CertificateInput(CertificateNames.Normalize(name), pem, key?.Copy() ?? pastedKey, origin));
        }

        /// <summary>An object from Get-RECertificate (-IncludePrivateKey), to copy a certificate between clusters.</summary>
        public void AddCertificate(RECertificate certificate)
        {
            string origin = certificate.ClusterName == null
                ? $"certificate '{certificate.Name}'"
                : $"certificate '{certificate.Name}' from cluster {certificate.ClusterName}";
            _given.Add(new CertificateInput(certificate.Name, certificate.CertificatePem, certificate.PrivateKey?.Copy(), origin));
        }

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
        public CertificateSet Build(Action<int, int, string>? reading = null)
        {
            // From here on the inputs, and their keys, belong to the set.
            _built = true;
            var certificateFiles = new List<ReadFile>();
            var keyFiles = new List<ReadFile>();
            for (int index = 0; index < _paths.Count; index++)
            {
                string path = _paths[index];
                reading?.Invoke(index, _paths.Count, path);
                ReadFile? file = TryRead(path);
                if (file == null)
                {
                    continue;
                }

                (file.HasCertificate ? certificateFiles : keyFiles).Add(file);
            }

            int certificateCount = certificateFiles.Count + _given.Count;
            bool useExplicitName = _explicitName != null && RequireSingle(certificateCount, IssueIds.NameRequiresSingleCertificate, "-Name", _explicitName);
            bool useExplicitKey = _explicitKeyPath != null && RequireSingle(certificateCount, IssueIds.KeyPathRequiresSingleCertificate, "-KeyPath", _explicitKeyPath);

            var inputs = new List<CertificateInput>();
            if (useExplicitName && _given.Count == 1)
            {
                CertificateInput only = _given[0];
                inputs.Add(new CertificateInput(_explicitName!, only.CertificatePem, only.Key, only.Origin));
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
                        $"The name of '{file.Path}' does not say which certificate it is; name it like proxy.pem, proxy.crt or proxy_cert.pem, or give -Name.",
                        file.Path,
                        IssueCategory.InvalidArgument));
                    file.Key?.Dispose();
                    continue;
                }

                inputs.Add(PairWithKey(file, name, useExplicitKey, keyFiles));
            }

            foreach (ReadFile key in keyFiles.Where(k => !k.Used))
            {
                key.Key?.Dispose();
                _issues.Add(new ValidationIssue(
                    IssueIds.KeyOnlyNoCertificate,
                    $"'{key.Path}' holds a private key but no certificate claims it; give its certificate too (for example {key.FileName.CertificateName}.pem).",
                    key.Path,
                    IssueCategory.ObjectNotFound));
            }

            return new CertificateSet(RemoveDuplicateNames(inputs), _issues);
        }

        private CertificateInput PairWithKey(ReadFile file, string name, bool useExplicitKey, List<ReadFile> keyFiles)
        {
            if (useExplicitKey)
            {
                // -KeyPath wins over a key in the file or beside it: the user said which one.
                file.Key?.Dispose();
                ReadFile? explicitKey = TryReadKey(_explicitKeyPath!);
                return new CertificateInput(name, file.CertificatePem, explicitKey?.Key, file.Path, file.Path, _explicitKeyPath);
            }

            // A key file belongs to one certificate: a second certificate of the same name (an error of its own) must not
            // share it, or disposing that duplicate would wipe the key of the first.
            List<ReadFile> piped = keyFiles.Where(k => !k.Used && k.FileName.CertificateName == name).ToList();
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
            string? besidePath = CertificateNames.IsKeyless(name) ? null : FindKeyBeside(file.Path, name);
            if (besidePath != null && _paths.Contains(besidePath, StringComparer.Ordinal))
            {
                besidePath = null;
            }

            ReadFile? beside = besidePath == null ? null : TryReadKey(besidePath);
            return new CertificateInput(name, file.CertificatePem, beside?.Key, file.Path, file.Path, beside?.Path);
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
                .Select(path => (path, rank: IndexOf(candidates, CertificateNames.Normalize(Path.GetFileName(path)))))
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
                    IssueCategory.InvalidArgument));
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
                IssueCategory.InvalidArgument));
            return false;
        }

        private ReadFile? TryReadKey(string path)
        {
            ReadFile? file = TryRead(path);
            if (file != null && file.Key == null)
            {
                _issues.Add(new ValidationIssue(IssueIds.InvalidPrivateKey, $"'{path}' was given as a key file but holds no private key.", path, IssueCategory.InvalidArgument));
                return null;
            }

            return file;
        }

        /// <summary>Reads a file and splits it into certificate text and key; reports why not, if it cannot.</summary>
        private ReadFile? TryRead(string path)
        {
            char[]? text = null;
            List<PemBlock>? blocks = null;
            try
            {
                text = CertificateFileReader.ReadChars(path);
                blocks = PemReader.Read(text, path);
                List<PemBlock> keys = blocks.Where(b => b.IsPrivateKey).ToList();
                if (keys.Count > 1)
                {
                    _issues.Add(new ValidationIssue(IssueIds.MultiplePrivateKeys, $"'{path}' holds {keys.Count} private keys; a certificate has exactly one. Keep only the key of the first certificate.", path, IssueCategory.InvalidData));
                    return null;
                }

                bool hasCertificate = blocks.Any(b => b.IsCertificate);
                if (!hasCertificate && keys.Count == 0)
                {
                    _issues.Add(PemReader.NotPem(path).Issue);
                    return null;
                }

                SecureString? key = keys.Count == 0 ? null : SecretText.ToSecureString(new ReadOnlySpan<char>(text, keys[0].TextStart, keys[0].TextLength));
                string pem = hasCertificate ? CertificateChainReader.CertificateText(text, blocks) : "";
                return new ReadFile(path, CertificateFileName.Parse(path), hasCertificate, pem, key);
            }
            catch (CertificateInputException e)
            {
                _issues.Add(e.Issue);
                return null;
            }
            finally
            {
                blocks?.ForEach(b => b.Clear());
                if (text != null)
                {
                    Array.Clear(text, 0, text.Length);
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
            IssueCategory.InvalidArgument);

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

        /// <summary>A file once read: its certificate text (if any) and its key (if any).</summary>
        private sealed class ReadFile
        {
            public ReadFile(string path, CertificateFileName fileName, bool hasCertificate, string certificatePem, SecureString? key)
            {
                Path = path;
                FileName = fileName;
                HasCertificate = hasCertificate;
                CertificatePem = certificatePem;
                Key = key;
            }

            public string Path { get; }

            public CertificateFileName FileName { get; }

            public bool HasCertificate { get; }

            public string CertificatePem { get; }

            public SecureString? Key { get; }

            public bool Used { get; set; }
        }
    }
}
