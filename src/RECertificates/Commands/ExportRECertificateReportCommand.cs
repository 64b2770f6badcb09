using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using RECertificates.Hosting;
using RECertificates.Certificates;
using RECertificates.Renewal;

namespace RECertificates.Commands
{
    /// <summary>
    /// Writes one self-contained HTML page of the certificates piped in, from any number of clusters: sorted by days
    /// remaining, urgency by colour, shape and words, a timeline, and what could not be read. Failures arrive as the
    /// error records of Get-RECertificate, either merged into the pipeline (2>&amp;1) or given to -ErrorRecord
    /// (from -ErrorVariable), so a cluster that did not answer is in the report instead of silently missing.
    /// </summary>
    [Cmdlet(VerbsData.Export, "RECertificateReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportRECertificateReportCommand : RECmdlet
    {
        private readonly List<RECertificate> _certificates = new List<RECertificate>();
        private readonly List<ReportFailure> _failures = new List<ReportFailure>();
        private readonly List<REServedCertificate> _served = new List<REServedCertificate>();

        // A parameter given by name is bound again for every object piped in: each object counts once.
        private readonly HashSet<object> _seen = new HashSet<object>(ReferenceComparer.Instance);
        private string? _file;

        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public RECertificate[]? InputObject { get; set; }

        /// <summary>What the nodes serve (Get-REServedCertificate): the report marks nodes that serve something else.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public REServedCertificate[]? ServedCertificate { get; set; }

        /// <summary>What could not be read: Get-RECertificate's (and Connect-RECluster's) error records.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowNull]
        public ErrorRecord[]? ErrorRecord { get; set; }

        /// <summary>The HTML file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The page's heading.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = "Redis Enterprise certificates";

        /// <summary>Replace an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emit the report's file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            _file = FileSystemPaths.ResolveOrStop(this, Path!, "-Path");
        }

        protected override void ProcessRecord()
        {
            foreach (RECertificate certificate in InputObject ?? Array.Empty<RECertificate>())
            {
                if (certificate != null && _seen.Add(certificate))
                {
                    _certificates.Add(certificate);
                }
            }

            foreach (REServedCertificate served in ServedCertificate ?? Array.Empty<REServedCertificate>())
            {
                if (served != null && _seen.Add(served))
                {
                    _served.Add(served);
                }
            }

            foreach (ErrorRecord error in ErrorRecord ?? Array.Empty<ErrorRecord>())
            {
                if (error != null && _seen.Add(error))
                {
                    _failures.Add(new ReportFailure(error.TargetObject?.ToString() ?? "(unknown)", error.ErrorDetails?.Message ?? error.Exception?.Message ?? error.ToString()));
                }
            }
        }

        protected override void EndProcessing()
        {
            string action = $"Write a report of {_certificates.Count} certificate(s) and {_failures.Count} read failure(s)";
            if (!ShouldProcess(_file!, action))
            {
                return;
            }

            string html = ExpiryReport.Render(Title, _certificates, _failures, DateTime.UtcNow, _served);
            try
            {
                string? folder = System.IO.Path.GetDirectoryName(_file!);
                if (!string.IsNullOrEmpty(folder))
                {
                    CertificateFiles.CreateFolder(folder!, ownerOnly: false); // a report holds no key
                }

                using (var batch = new FileBatch())
                {
                    batch.Add(_file!, new UTF8Encoding(false).GetBytes(html), isSecret: false);
                    batch.Commit(Force);
                }
            }
            catch (CertificateInputException e)
            {
                WriteError(ErrorRecords.FromIssue(e.Issue));
                return;
            }

            WriteVerbose($"Wrote the report of {_certificates.Count} certificate(s) and {_failures.Count} read failure(s) to '{_file}'.");
            if (PassThru)
            {
                FileSystemPaths.WriteItem(this, _file!);
            }
        }

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();

            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

            public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}
