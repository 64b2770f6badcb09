using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using RECertificates.Completion;

namespace RECertificates.Commands
{
    /// <summary>
    /// The parameters of Set-RECertificate, Update-RECertificateLegacy and Test-RECertificate: the five ways to give
    /// certificates (files by -Path or -LiteralPath, read by their content; PEM text; objects from Get-RECertificate;
    /// X509Certificate2 objects such as the certificate store's). Declarations only, so the three cmdlets bind alike:
    /// what is done with them is in <see cref="CertificateCollector"/>, which each cmdlet hands <see cref="Bound"/>.
    /// </summary>
    public abstract class CertificateInputCmdlet : RECmdlet
    {
        internal const string PathSet = "Path";
        internal const string LiteralPathSet = "LiteralPath";
        internal const string PemTextSet = "Certificate";
        internal const string InputObjectSet = "InputObject";
        internal const string X509CertificateSet = "X509Certificate";

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
        [Parameter(Mandatory = true, ParameterSetName = PemTextSet)]
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
        [Parameter(Mandatory = true, ParameterSetName = PemTextSet)]
        [ValidateNotNullOrEmpty]
        public string? Certificate { get; set; }

        /// <summary>The PEM private key.</summary>
        [Parameter(ParameterSetName = PemTextSet)]
        public SecureString? Key { get; set; }

        /// <summary>Certificates read by Get-RECertificate -IncludePrivateKey, to copy them to another cluster.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public RECertificate[]? InputObject { get; set; }

        /// <summary>
        /// Do not check that api, cm, proxy and metrics_exporter certificates name the cluster (its FQDN, a name under
        /// it, or the session's host): for clusters that clients reach through a name of their own.
        /// </summary>
        [Parameter]
        public SwitchParameter SkipNameCheck { get; set; }

        /// <summary>
        /// What this pipeline record bound, as plain values for <see cref="CertificateCollector"/>: read once per record,
        /// because the binder rebinds the pipeline parameters for each.
        /// </summary>
        internal CertificateParameters Bound => new CertificateParameters
        {
            GivenBy = ParameterSetName switch
            {
                PathSet => CertificateParameters.By.Path,
                LiteralPathSet => CertificateParameters.By.LiteralPath,
                PemTextSet => CertificateParameters.By.PemText,
                InputObjectSet => CertificateParameters.By.InputObject,
                X509CertificateSet => CertificateParameters.By.X509Certificate,
                _ => CertificateParameters.By.None,
            },
            Path = Path,
            LiteralPath = LiteralPath,
            Name = Name,
            KeyPath = KeyPath,
            Password = Password,
            X509Certificate = X509Certificate,
            Certificate = Certificate,
            Key = Key,
            InputObject = InputObject,
        };
    }
}
