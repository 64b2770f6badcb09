using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Commands
{
    /// <summary>
    /// The one <see cref="ICommandHost"/> over a cmdlet: every call goes to the module's RECmdlet members, so what the
    /// orchestration writes is escaped for display, -Debug never turns it into a prompt, and -Force, -WhatIf and
    /// -Confirm mean what ForcedConfirmation says. Called from the pipeline thread only.
    /// </summary>
    internal sealed class CmdletHost : ICommandHost
    {
        private readonly RECmdlet _cmdlet;

        public CmdletHost(RECmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public CancellationToken Stopping => _cmdlet.CancellationToken;

        public bool IsWhatIf => ForcedConfirmation.IsWhatIf(_cmdlet);

        public bool IsDebugEnabled => _cmdlet.IsDebugWanted;

        public T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work) => _cmdlet.Run(work);

        public IReadOnlyList<Outcome<TResult>> RunEach<TItem, TResult>(IReadOnlyList<TItem> items, int throttle, string activity,
            Func<TItem, ICallLog, CancellationToken, Task<TResult>> work) =>
            _cmdlet.RunEach(items, throttle, activity, work);

        public void Verbose(string text) => _cmdlet.WriteVerbose(text);

        public void Debug(string text) => _cmdlet.WriteDebug(text);

        public void Warning(string text) => _cmdlet.WriteWarning(text);

        public void Error(ErrorRecord record) => _cmdlet.WriteError(record);

        public void Stop(ErrorRecord record) => _cmdlet.ThrowTerminatingError(record);

        public void Output(object? value) => _cmdlet.WriteObject(value);

        public void Progress(ProgressRecord record) => _cmdlet.WriteProgress(record);

        public bool Confirm(bool force, string description, string question, string caption) =>
            ForcedConfirmation.ShouldProcess(_cmdlet, force, description, question, caption);

        public bool Confirm(bool force, string target, string action) => ForcedConfirmation.ShouldProcess(_cmdlet, force, target, action);

        public string FileSystemPath(string path, string parameter) => FileSystemPaths.Resolve(_cmdlet, path, parameter);

        public ProviderPaths ResolvePath(string path, bool expandWildcards)
        {
            PathIntrinsics paths = _cmdlet.SessionState.Path;
            try
            {
                if (expandWildcards)
                {
                    var matched = new List<string>(paths.GetResolvedProviderPathFromPSPath(path, out ProviderInfo matchedBy));
                    return new ProviderPaths(matched, matchedBy.Name, paths.CurrentLocation.ToString());
                }

                string resolved = paths.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                return new ProviderPaths(new[] { resolved }, provider.Name, paths.CurrentLocation.ToString());
            }
            catch (Exception e) when (IsPathError(e))
            {
                return new ProviderPaths(Array.Empty<string>(), null, paths.CurrentLocation.ToString(), e.Message);
            }
        }

        public void Plan(string target, string action)
        {
            if (IsWhatIf)
            {
                // PowerShell words (and translates) the short form itself; under -WhatIf it only writes it.
                _cmdlet.ShouldProcess(target, action);
            }
            else
            {
                _cmdlet.WriteVerbose($"{action}: {target}");
            }
        }

        public void Plan(string text)
        {
            if (IsWhatIf)
            {
                // Under -WhatIf, ShouldProcess only writes "What if: <text>" and answers false.
                _cmdlet.ShouldProcess(text, text, "Plan");
            }
            else
            {
                _cmdlet.WriteVerbose(text);
            }
        }

        /// <summary>What a provider throws for a path it cannot resolve (a missing drive, a malformed path, no access); anything else is a real failure.</summary>
        private static bool IsPathError(Exception e) =>
            e is SessionStateException || e is ArgumentException || e is NotSupportedException
            || e is ProviderInvocationException || e is System.IO.IOException || e is UnauthorizedAccessException;
    }
}
