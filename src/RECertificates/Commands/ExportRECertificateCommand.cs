using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Renewal;

namespace RECertificates.Commands
{
    /// <summary>
    /// Writes certificates from Get-RECertificate as &lt;Path&gt;/&lt;cluster&gt;/&lt;name&gt;.pem and, when the object
    /// holds its key (Get-RECertificate -IncludePrivateKey), &lt;name&gt;.key: the file names Set-RECertificate reads
    /// back. Keys are readable by their owner only, or encrypted with -Password. With -Format Pfx, one &lt;name&gt;.pfx
    /// holds chain and key instead. Nothing is overwritten without -Force.
    /// </summary>
    [Cmdlet(VerbsData.Export, "RECertificate", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportRECertificateCommand : RECmdlet
    {
        private const string PemFormat = "Pem";
        private const string PfxFormat = "Pfx";

        private string? _root;

        private bool AsPfx => string.Equals(Format, PfxFormat, StringComparison.OrdinalIgnoreCase);

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RECertificate[]? InputObject { get; set; }

        /// <summary>The folder; each cluster gets a folder of its own inside it.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Encrypts each key file (PKCS#8, ENCRYPTED PRIVATE KEY); Set-RECertificate -Password reads it.</summary>
        [Parameter]
        public SecureString? Password { get; set; }

        /// <summary>Pem (default): &lt;name&gt;.pem and &lt;name&gt;.key. Pfx: one &lt;name&gt;.pfx with chain and key, for Windows tools; needs -Password.</summary>
        [Parameter]
        [ValidateSet(PemFormat, PfxFormat, IgnoreCase = true)]
        public string Format { get; set; } = PemFormat;

        /// <summary>Replace existing files.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit the files written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            if (AsPfx && Password == null)
            {
                ThrowTerminatingError(ErrorRecords.Create(IssueIds.PasswordRequired, FailureKind.InvalidArgument, null,
                    "-Format Pfx needs -Password: a PKCS#12 file holds the private key, and one without a password holds it in the clear. Add -Password (Read-Host -AsSecureString), or export as PEM (the default), where the key file is readable by you only."));
            }

            _root = FileSystemPaths.ResolveOrStop(this, Path!, "-Path");
        }

        protected override void ProcessRecord()
        {
            foreach (RECertificate certificate in InputObject ?? Array.Empty<RECertificate>())
            {
                if (certificate != null)
                {
                    Export(certificate);
                }
            }
        }

        private void Export(RECertificate certificate)
        {
            if (certificate.IsInternal)
            {
                // The health report gives a name and a date, no chain: there is nothing to write, nor to put back.
                WriteWarning($"'{certificate.Name}' of cluster '{certificate.ClusterName}' is an internal certificate (Get-RECertificate -IncludeInternal): the cluster makes and rotates it itself and gives no chain, so it is not exported.");
                return;
            }

            string source = certificate.ClusterName == null ? $"certificate '{certificate.Name}'" : $"certificate '{certificate.Name}' of cluster '{certificate.ClusterName}'";
            string folder = System.IO.Path.Combine(_root!, ClusterDnsNames.FolderNameOf(certificate.ClusterName));
            if (!ShouldProcess(folder, $"Export {source}{(certificate.PrivateKey != null ? " with its key" : string.Empty)}"))
            {
                return;
            }

            if (AsPfx && certificate.PrivateKey == null)
            {
                WriteError(ErrorRecords.Create(RenewalIds.KeyNotExported, FailureKind.InvalidArgument, certificate.Name,
                    $"{source} was not exported: a .pfx holds a certificate with its key, and this object {(certificate.HasPrivateKey ? "does not hold it. Read it with Get-RECertificate -IncludePrivateKey and export again" : "has none (the cluster did not return it). Export it with -Format Pem")}."));
                return;
            }

            IReadOnlyList<string> written;
            try
            {
                CertificateFiles.CreateFolder(folder);
                written = SecretText.WithOptionalChars(Password, password => AsPfx
                    ? new[] { CertificateFiles.WritePfx(folder, certificate.Name, certificate.CertificatePem, certificate.PrivateKey!, password!, Force, source) }
                    : CertificateFiles.Write(folder, certificate.Name, certificate.CertificatePem, certificate.PrivateKey, password, Force, source));
            }
            catch (CertificateInputException e)
            {
                WriteError(ErrorRecords.FromIssue(e.Issue));
                return;
            }

            WriteVerbose($"Exported {source} to {string.Join(" and ", written)}.");
            if (certificate.PrivateKey == null && !CertificateNames.IsKeyless(certificate.Name))
            {
                WriteWarning(certificate.HasPrivateKey
                    ? $"The key of {source} was not exported: this object does not hold it. Read it with Get-RECertificate -IncludePrivateKey and export again, or '{written[0]}' cannot be put back on a cluster."
                    : $"The key of {source} was not exported: the cluster did not return it ({KeyPermission.Advice(certificate.Session?.UserName)}). '{written[0]}' alone cannot be put back on a cluster.");
            }

            if (PassThru)
            {
                foreach (string path in written)
                {
                    FileSystemPaths.WriteItem(this, path);
                }
            }
        }
    }
}
