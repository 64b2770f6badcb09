using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;

namespace RECertificates.Hosting
{
    /// <summary>
    /// What the work of a command needs from PowerShell, and nothing more: run cluster calls (their log written as
    /// it comes, Ctrl+C cancelling them), write to the streams, and ask before a change. The orchestration of every
    /// command that changes a cluster (Set, Update-Legacy, Remove, the backup, -Verify, the internal rotation, the
    /// renewal) takes one of these and never a cmdlet, so xUnit drives it with a recording host and a fake
    /// <see cref="IClusterClient"/>. <c>Commands/CmdletHost.cs</c> is the one over a cmdlet.
    /// </summary>
    internal interface ICommandHost
    {
        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        CancellationToken Stopping { get; }

        /// <summary>Whether -WhatIf is in effect (given, or through $WhatIfPreference): nothing may change.</summary>
        bool IsWhatIf { get; }

        /// <summary>
        /// Whether debug lines are shown (-Debug, or $DebugPreference without it): what a call's log tells its cluster
        /// calls, so a body is redacted only to be shown, and what a buffer of such lines needs to keep them.
        /// </summary>
        bool IsDebugEnabled { get; }

        /// <summary>Runs one cluster call to its end and returns its result; Ctrl+C stops the command.</summary>
        T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work);

        /// <summary>
        /// One call per item, at most <paramref name="throttle"/> at once, with progress under <paramref name="activity"/>;
        /// the outcomes in the items' order, failures returned rather than thrown.
        /// </summary>
        IReadOnlyList<Outcome<TResult>> RunEach<TItem, TResult>(IReadOnlyList<TItem> items, int throttle, string activity,
            Func<TItem, ICallLog, CancellationToken, Task<TResult>> work);

        void Verbose(string text);

        /// <summary>A debug line: what a call's log writes under -Debug (bodies, already redacted). Nothing secret.</summary>
        void Debug(string text);

        void Warning(string text);

        /// <summary>A non-terminating error (see ErrorRecords for how failures become records).</summary>
        void Error(ErrorRecord record);

        /// <summary>Stops the command with this error: for what no later item could get past.</summary>
        void Stop(ErrorRecord record);

        /// <summary>An object to the pipeline.</summary>
        void Output(object? value);

        void Progress(ProgressRecord record);

        /// <summary>
        /// Asks before a change, the module's way (ForcedConfirmation): -WhatIf writes <paramref name="description"/>
        /// and answers false; <paramref name="force"/> skips the prompt, never -WhatIf or a -Confirm the user typed;
        /// where nobody can answer, the command stops with ConfirmationRequired.
        /// </summary>
        bool Confirm(bool force, string description, string question, string caption);

        /// <summary>
        /// Asks the same way in PowerShell's own short form, which the host words (and translates) itself under -WhatIf
        /// and in the prompt: "Performing the operation <paramref name="action"/> on target <paramref name="target"/>".
        /// </summary>
        bool Confirm(bool force, string target, string action);

        /// <summary>
        /// The file system path of a path the user gave (relative to PowerShell's location); it need not exist.
        /// Throws CertificateInputException (NotFileSystemPath) for a path of another drive or provider.
        /// </summary>
        string FileSystemPath(string path, string parameter);

        /// <summary>
        /// What a path the user gave stands for, as PowerShell's providers resolve it against its location (not the
        /// process's): with <paramref name="expandWildcards"/>, the items a wildcard pattern matches (none when nothing
        /// does, or its drive does not exist); otherwise the one path as written, which need not exist. Nothing is
        /// refused here, and a path PowerShell cannot resolve is a <see cref="ProviderPaths.Failure"/>, not an exception.
        /// </summary>
        ProviderPaths ResolvePath(string path, bool expandWildcards);

        /// <summary>A line of a plan: "What if: ..." under -WhatIf, a verbose line otherwise.</summary>
        void Plan(string text);

        /// <summary>
        /// A step of a plan in PowerShell's own short form: under -WhatIf, "What if: Performing the operation
        /// <paramref name="action"/> on target <paramref name="target"/>." in the host's language; otherwise a verbose line.
        /// </summary>
        void Plan(string target, string action);
    }

    /// <summary>The short forms every orchestrator writes its failures with.</summary>
    internal static class CommandHostExtensions
    {
        /// <summary>A failure about one item (a file, a certificate, a cluster); the command goes on.</summary>
        public static void Failure(this ICommandHost host, Exception exception, object? target) =>
            host.Error(ErrorRecords.From(exception, target));

        /// <summary>A non-terminating error of the module's own, by ErrorId.</summary>
        public static void Error(this ICommandHost host, string errorId, FailureKind kind, object? target, string message) =>
            host.Error(ErrorRecords.Create(errorId, kind, target, message));

        /// <summary>
        /// One call per item at once (<see cref="ICommandHost.RunEach"/>), then each result handed to
        /// <paramref name="each"/> in the items' order; an item whose call failed is written as its failure, about
        /// <paramref name="target"/>, in its turn, so what one cluster's lines say stays between those of the clusters
        /// before and after it, and the others go on.
        /// </summary>
        public static void RunEachInTurn<TItem, TResult>(this ICommandHost host, IReadOnlyList<TItem> items, int throttle, string activity,
            Func<TItem, ICallLog, CancellationToken, Task<TResult>> work, Func<TItem, object?> target, Action<TItem, TResult> each)
        {
            IReadOnlyList<Outcome<TResult>> outcomes = host.RunEach(items, throttle, activity, work);
            for (int i = 0; i < outcomes.Count; i++)
            {
                if (outcomes[i].Error is Exception failure)
                {
                    host.Failure(failure, target(items[i]));
                    continue;
                }

                each(items[i], outcomes[i].Value!);
            }
        }
    }
}
