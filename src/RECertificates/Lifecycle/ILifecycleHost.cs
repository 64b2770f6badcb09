using System;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;

namespace RECertificates.Lifecycle
{
    /// <summary>
    /// What the lifecycle work needs from the command that runs it, and nothing more: run a cluster call (its
    /// messages written from the pipeline thread), tell, warn, report a failure, and ask before a change. The cmdlets
    /// give one over themselves; xUnit can give its own.
    /// </summary>
    internal interface ILifecycleHost
    {
        /// <summary>Runs one cluster call to its end (Ctrl+C stops it) and returns its result.</summary>
        T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work);

        void Verbose(string text);

        void Warning(string text);

        /// <summary>A non-terminating error about one item.</summary>
        void Failure(Exception exception, object? target);

        /// <summary>A non-terminating error of the module's own.</summary>
        void Error(string errorId, FailureKind kind, object? target, string message);

        /// <summary>
        /// Asks before a change (-WhatIf writes <paramref name="description"/> and answers false; -Force skips the
        /// prompt; a session that cannot prompt stops with ConfirmationRequired).
        /// </summary>
        bool Confirm(string description, string question, string caption);
    }
}
