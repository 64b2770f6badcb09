using System;
using System.Management.Automation;
using RECertificates.Certificates;
using RECertificates.Completion;

namespace RECertificates.Commands
{
    /// <summary>
    /// Removes optional certificates (those <see cref="CertificateNames"/> does not mark required) from clusters. Names are
    /// checked before anything is sent; each cluster's certificates are then read once, so wildcards select what it
    /// holds, a name it does not hold is reported without a request, and the confirmation shows exactly what goes.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "RECertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(RECertificate))]
    public sealed class RemoveRECertificateCommand : RECmdlet
    {
        private const string NameSet = "Name";
        private const string InputObjectSet = "InputObject";

        // The work itself, over the host seam: this cmdlet only binds and hands over (see CertificateRemoval).
        private CertificateRemoval? _removal;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CertificateNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Certificates from Get-RECertificate; each is removed from its own cluster unless -Session is given.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public RECertificate[]? InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = NameSet)]
        [Parameter(ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public RESession[]? Session { get; set; }

        /// <summary>Remove without asking for confirmation (-WhatIf still only tells).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit each removed certificate, as it was just before removal.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Keep each certificate about to be removed, with its key, in this folder first.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BackupPath { get; set; }

        protected override void BeginProcessing() => _removal = new CertificateRemoval(CommandHost, Force, PassThru, BackupPath);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (RECertificate certificate in InputObject ?? Array.Empty<RECertificate>())
                {
                    if (certificate == null)
                    {
                        continue;
                    }

                    _removal!.Select(certificate.Name, () => (Session != null && Session.Length > 0) || certificate.Session == null
                        ? ResolveSessions(Session)
                        : new[] { certificate.Session });
                }

                return;
            }

            foreach (string name in Name ?? Array.Empty<string>())
            {
                _removal!.Select(name, () => ResolveSessions(Session));
            }
        }

        protected override void EndProcessing()
        {
            WarnIfUnverified(_removal!.Sessions);

            _removal.Remove();
        }
    }
}
