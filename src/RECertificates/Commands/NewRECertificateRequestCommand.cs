using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Completion;
using RECertificates.Renewal;
using RECertificates.Sessions;

namespace RECertificates.Commands
{
    /// <summary>
    /// Writes a new private key (&lt;name&gt;.key) and a PKCS#10 request (&lt;name&gt;.csr) per certificate name,
    /// asking for what a cluster's certificates need: CN=&lt;cluster FQDN&gt;, the FQDN, its wildcard and the two
    /// 'internal.' names, serverAuth and clientAuth. The FQDN is the session's cluster name, or -DnsName (which
    /// needs no session). Each request is written whole or not at all, and never over a file without -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "RECertificateRequest", SupportsShouldProcess = true)]
    [OutputType(typeof(RECertificateRequest))]
    public sealed class NewRECertificateRequestCommand : RECmdlet
    {
        private string? _folder;
        private string? _subjectName;
        private IReadOnlyList<string>? _dnsNames;

        /// <summary>Certificate names: proxy, api, cm, syncer, metrics_exporter, ...</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CertificateNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>The cluster whose name becomes the subject; the default session when not given.</summary>
        [Parameter]
        [ValidateNotNull]
        public RESession? Session { get; set; }

        /// <summary>The DNS names to ask for instead of the cluster's four; the first is also the subject's CN.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? DnsName { get; set; }

        [Parameter]
        [ValidateSet(PublicKeyIdentity.RsaAlgorithm, PublicKeyIdentity.EcdsaAlgorithm, IgnoreCase = true)]
        public string KeyAlgorithm { get; set; } = PublicKeyIdentity.RsaAlgorithm;

        /// <summary>RSA: 2048 (default), 3072 or 4096 bits; ECDSA: 256 (default), 384 or 521 (the curve).</summary>
        [Parameter]
        public int KeySize { get; set; }

        /// <summary>The folder for the files; the current location when not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Encrypts the key file (PKCS#8, ENCRYPTED PRIVATE KEY).</summary>
        [Parameter]
        public SecureString? Password { get; set; }

        /// <summary>Replace existing key and request files.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private string Algorithm => KeyAlgorithm.ToUpperInvariant();

        private int Size => KeySize == 0 ? CertificateRequestBuilder.DefaultKeySize(Algorithm) : KeySize;

        protected override void BeginProcessing()
        {
            if (!CertificateRequestBuilder.IsAllowedSize(Algorithm, Size))
            {
                ThrowTerminatingError(ErrorRecords.Create(RenewalIds.KeySizeNotAllowed, FailureKind.InvalidArgument, KeySize,
                    $"-KeySize {KeySize} is not a size for {Algorithm} keys: use {CertificateRequestBuilder.AllowedSizes(Algorithm)}."));
            }

            _dnsNames = ResolveDnsNames();
            _subjectName = _dnsNames[0].StartsWith("*.", StringComparison.Ordinal) ? _dnsNames[0].Substring(2) : _dnsNames[0];
            _folder = ResolveFolder();
        }

        protected override void ProcessRecord()
        {
            string[] names = Name ?? Array.Empty<string>();
            for (int i = 0; i < names.Length; i++)
            {
                if (names.Length > 1)
                {
                    WriteProgress(new ProgressRecord(ActivityIds.Files, "Creating keys and certificate requests", $"'{names[i]}' ({i + 1} of {names.Length})")
                    {
                        PercentComplete = 100 * i / names.Length,
                    });
                }

                try
                {
                    RECertificateRequest? request = Create(names[i]);
                    if (request != null)
                    {
                        WriteObject(request);
                    }
                }
                catch (CertificateInputException e)
                {
                    WriteError(ErrorRecords.FromIssue(e.Issue));
                }
            }

            if (names.Length > 1)
            {
                WriteProgress(new ProgressRecord(ActivityIds.Files, "Creating keys and certificate requests", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        private RECertificateRequest? Create(string given)
        {
            string name = CheckName(given);
            string keyPath = System.IO.Path.Combine(_folder!, name + ".key");
            string csrPath = System.IO.Path.Combine(_folder!, name + ".csr");
            string keyAlgorithm = CertificateRequestBuilder.Describe(Algorithm, Size);
            string subject = "CN=" + _subjectName;
            if (!ShouldProcess($"{csrPath} and {keyPath}", $"Create a {keyAlgorithm} key{(Password != null ? " (encrypted)" : string.Empty)} and a request for certificate '{name}' ({subject}; {string.Join(", ", _dnsNames!)})"))
            {
                return null;
            }

            RECertificateRequest request = SecretText.WithOptionalChars(Password, password =>
                RequestFiles.Write(_folder!, name, _subjectName!, _dnsNames!, Algorithm, Size, password, Force));
            WriteVerbose($"Wrote the key of '{name}' to '{keyPath}' ({(Password != null ? "encrypted" : "readable by its owner only")}) and its request to '{csrPath}'.");
            return request;
        }

        /// <summary>The normalized name, or the error that says why no request is made for it.</summary>
        private string CheckName(string given)
        {
            if (!CertificateNames.IsValidName(given))
            {
                throw new CertificateInputException(IssueIds.InvalidCertificateName,
                    $"'{given}' is not a certificate name: use one of {string.Join(", ", CertificateNames.All)}. Nothing was written for it.", given, FailureKind.InvalidArgument);
            }

            string name = CertificateNames.Normalize(given);
            if (CertificateNames.IsKeyless(name))
            {
                throw new CertificateInputException(RenewalIds.RequestNotNeeded,
                    $"Certificate '{name}' is a trusted certificate (a CA or an identity provider's), not one the cluster holds a key for: get it from its issuer and give it to Set-RECertificate. Nothing was written for it.", name, FailureKind.InvalidArgument);
            }

            if (Algorithm == PublicKeyIdentity.EcdsaAlgorithm && CertificateNames.IsInternode(name))
            {
                throw new CertificateInputException(RenewalIds.KeyAlgorithmNotAllowed,
                    $"Certificate '{name}' must have an RSA key (Redis Enterprise encrypts internode traffic with RSA only): request it with -KeyAlgorithm RSA. Nothing was written for it.", name, FailureKind.InvalidArgument);
            }

            if (!CertificateNames.IsKnown(name))
            {
                WriteWarning($"'{name}' is not a certificate name this module knows; the request is made anyway, and the cluster decides when the certificate is set.");
            }

            return name;
        }

        private IReadOnlyList<string> ResolveDnsNames()
        {
            if (DnsName != null)
            {
                foreach (string given in DnsName)
                {
                    if (!ClusterDnsNames.IsValid(given?.Trim()))
                    {
                        ThrowTerminatingError(ErrorRecords.FromIssue(ClusterDnsNames.Invalid(given ?? string.Empty, "-DnsName").Issue));
                    }
                }

                return DnsName.Select(ClusterDnsNames.Normalize).Distinct(StringComparer.Ordinal).ToList();
            }

            if (Session == null && DefaultSessionStore.Get(CurrentRunspace) == null)
            {
                ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.NoSession, FailureKind.ConnectionError, null,
                    "The request needs the cluster's name: give -DnsName cluster.example.com, or connect first (Connect-RECluster) or pass -Session, and the cluster's own name is used."));
            }

            RESession session = ResolveSessions(Session == null ? null : new[] { Session })[0];
            string? fqdn = session.ClusterName;
            if (string.IsNullOrEmpty(fqdn))
            {
                ThrowTerminatingError(ErrorRecords.Create(RenewalIds.ClusterNameUnknown, FailureKind.InvalidData, session.Uri.ToString(),
                    $"The cluster at {session.Uri} did not tell its name, which the request needs: give -DnsName with the cluster's FQDN."));
            }

            if (!ClusterDnsNames.IsValid(fqdn))
            {
                ThrowTerminatingError(ErrorRecords.FromIssue(ClusterDnsNames.Invalid(fqdn!, "The cluster's name").Issue));
            }

            return ClusterDnsNames.For(ClusterDnsNames.Normalize(fqdn!));
        }

        private string ResolveFolder()
        {
            string folder = FileSystemPaths.ResolveOrStop(this, Path ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath, "-Path");
            try
            {
                CertificateFiles.CreateFolder(folder);
            }
            catch (CertificateInputException e)
            {
                ThrowTerminatingError(ErrorRecords.FromIssue(e.Issue));
            }

            return folder;
        }
    }
}
