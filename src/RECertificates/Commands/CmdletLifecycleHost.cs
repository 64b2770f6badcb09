using System;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;
using RECertificates.Lifecycle;

namespace RECertificates.Commands
{
    /// <summary>The lifecycle work's view of a cmdlet: its Run, its streams, and ForcedConfirmation with its -Force.</summary>
    internal sealed class CmdletLifecycleHost : ILifecycleHost
    {
        private readonly RECmdlet _cmdlet;
        private readonly bool _force;

        public CmdletLifecycleHost(RECmdlet cmdlet, bool force)
        {
            _cmdlet = cmdlet;
            _force = force;
        }

        public T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work) => _cmdlet.Run(work);

        public void Verbose(string text) => _cmdlet.WriteVerbose(text);

        public void Warning(string text) => _cmdlet.WriteWarning(text);

        public void Failure(Exception exception, object? target) => _cmdlet.WriteFailure(exception, target);

        public void Error(string errorId, FailureKind kind, object? target, string message) =>
            _cmdlet.WriteError(ErrorRecords.Create(errorId, kind, target, message));

        public bool Confirm(string description, string question, string caption) =>
            ForcedConfirmation.ShouldProcess(_cmdlet, _force, description, question, caption);
    }
}
