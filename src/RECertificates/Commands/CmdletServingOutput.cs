using System;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;
using RECertificates.Serving;

namespace RECertificates.Commands
{
    /// <summary>The verification's output seam over a cmdlet: its streams, its Run (Ctrl+C), ErrorId NotServed.</summary>
    internal sealed class CmdletServingOutput : IServingOutput
    {
        private readonly RECmdlet _cmdlet;

        public CmdletServingOutput(RECmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work) => _cmdlet.Run(work);

        public void Verbose(string text) => _cmdlet.WriteVerbose(text);

        public void Warning(string text) => _cmdlet.WriteWarning(text);

        public void NotServed(REServedCertificate served, string message) =>
            _cmdlet.WriteError(ErrorRecords.Create(CommandErrorIds.NotServed, FailureKind.PartiallyCompleted, served.Name, message));
    }
}
