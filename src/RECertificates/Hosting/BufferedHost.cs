using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;

namespace RECertificates.Hosting
{
    /// <summary>
    /// A host for work that runs on a worker thread, concurrently with other work of the same command (one cluster of
    /// a fleet): it keeps what the work writes, in order, and <see cref="ReplayTo"/> writes it to the real host from
    /// the pipeline thread, so one cluster's lines read together and no stream is written from another thread. Its
    /// calls' debug lines (the redacted bodies) are kept with the rest when the real host shows them, as a single
    /// cluster's would be. It cannot ask anything: work that may need a confirmation is confirmed before it is handed here.
    /// </summary>
    internal sealed class BufferedHost : ICommandHost
    {
        private readonly List<Action<ICommandHost>> _written = new List<Action<ICommandHost>>();

        /// <param name="isDebugEnabled">The real host's <see cref="ICommandHost.IsDebugEnabled"/>, read on the pipeline thread.</param>
        public BufferedHost(CancellationToken stopping, bool isDebugEnabled)
        {
            Stopping = stopping;
            IsDebugEnabled = isDebugEnabled;
        }

        public CancellationToken Stopping { get; }

        public bool IsDebugEnabled { get; }

        /// <summary>Never: a plan under -WhatIf is written while it is prepared, and nothing is sent.</summary>
        public bool IsWhatIf => false;

        /// <summary>Runs the call on this (worker) thread to its end; its log is kept like everything else.</summary>
        public T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work) =>
            work(new Log(this), Stopping).GetAwaiter().GetResult();

        public IReadOnlyList<Outcome<TResult>> RunEach<TItem, TResult>(IReadOnlyList<TItem> items, int throttle, string activity,
            Func<TItem, ICallLog, CancellationToken, Task<TResult>> work) =>
            FanOutThroughRun.RunEach(this, items, throttle, work);

        public void Verbose(string text) => Keep(host => host.Verbose(text));

        public void Debug(string text) => Keep(host => host.Debug(text));

        public void Warning(string text) => Keep(host => host.Warning(text));

        public void Error(ErrorRecord record) => Keep(host => host.Error(record));

        /// <summary>Kept as an error: stopping the whole command is the pipeline thread's decision, not one cluster's.</summary>
        public void Stop(ErrorRecord record)
        {
            Error(record);
            throw new OperationCanceledException(record.Exception.Message);
        }

        public void Output(object? value) => Keep(host => host.Output(value));

        /// <summary>Dropped: a bar of one cluster's requests means nothing once its work is over; the fleet has its own.</summary>
        public void Progress(ProgressRecord record)
        {
        }

        public bool Confirm(bool force, string description, string question, string caption) =>
            throw new InvalidOperationException($"'{description}' must be confirmed before the work is handed to a worker thread, where nobody can be asked.");

        public bool Confirm(bool force, string target, string action) => Confirm(force, $"{action}: {target}", action, action);

        public string FileSystemPath(string path, string parameter) =>
            throw new InvalidOperationException($"{parameter} '{path}' must be resolved on the pipeline thread, before the work is handed to a worker thread.");

        public ProviderPaths ResolvePath(string path, bool expandWildcards) =>
            throw new InvalidOperationException($"'{path}' must be resolved on the pipeline thread, before the work is handed to a worker thread.");

        public void Plan(string text) => Verbose(text);

        public void Plan(string target, string action) => Verbose($"{action}: {target}");

        /// <summary>Writes what was kept, in the order it was written, to <paramref name="host"/> (from the pipeline thread).</summary>
        public void ReplayTo(ICommandHost host)
        {
            List<Action<ICommandHost>> written;
            lock (_written)
            {
                written = new List<Action<ICommandHost>>(_written);
                _written.Clear();
            }

            foreach (Action<ICommandHost> write in written)
            {
                write(host);
            }
        }

        private void Keep(Action<ICommandHost> write)
        {
            lock (_written)
            {
                _written.Add(write);
            }
        }

        /// <summary>A call's verbose and debug lines, kept with the rest in the order written; its wait bars are not (see Progress).</summary>
        private sealed class Log : ICallLog
        {
            private readonly BufferedHost _host;

            public Log(BufferedHost host)
            {
                _host = host;
            }

            public bool IsDebugEnabled => _host.IsDebugEnabled;

            public void Verbose(string message) => _host.Verbose(message);

            public void Debug(string message) => _host.Debug(message);

            public void Progress(string activity, string? status)
            {
            }
        }
    }
}
