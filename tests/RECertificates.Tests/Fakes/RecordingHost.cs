using System.Management.Automation;
using RECertificates.Cluster;
using RECertificates.Hosting;

namespace RECertificates.Tests.Fakes;

/// <summary>
/// An <see cref="ICommandHost"/> that keeps what the orchestration writes, in order, and answers confirmations as a
/// test says: the way xUnit drives Set, Remove, the backup, -Verify, the rotation and the renewal without a runspace.
/// </summary>
internal sealed class RecordingHost : ICommandHost
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How a prompt is answered: Yes (or -Force), No, or -WhatIf (nothing changes, the plan is written).</summary>
    public Answer Answers { get; init; } = Answer.Yes;

    /// <summary>With Yes: the answer to one prompt, by its description (a prompt declined for one cluster only); null: yes to all.</summary>
    public Func<string, bool>? ConfirmWith { get; init; }

    public enum Answer
    {
        Yes,
        No,
        WhatIf,
    }

    /// <summary>Whether debug lines are shown, as -Debug would make them; off unless a test turns it on.</summary>
    public bool IsDebugEnabled { get; init; }

    public List<string> Verboses { get; } = [];

    public List<string> Debugs { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<ErrorRecord> Errors { get; } = [];

    public List<object?> Outputs { get; } = [];

    public List<ProgressRecord> Progresses { get; } = [];

    /// <summary>What -WhatIf wrote, without the "What if: " PowerShell puts in front.</summary>
    public List<string> WhatIfs { get; } = [];

    /// <summary>Every confirmation asked, by its description, and whether -Force came with it.</summary>
    public List<(string Description, bool Force)> Confirmations { get; } = [];

    /// <summary>Every line, each tagged with its stream, in the order written: for tests of what reads together.</summary>
    public List<string> Transcript { get; } = [];

    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId);

    public CancellationToken Stopping => _stopping.Token;

    public bool IsWhatIf => Answers == Answer.WhatIf;

    /// <summary>Ctrl+C, as the pipeline would send it.</summary>
    public void PressCtrlC() => _stopping.Cancel();

    public T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work)
    {
        try
        {
            return work(new Log(this), Stopping).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    public IReadOnlyList<Outcome<TResult>> RunEach<TItem, TResult>(IReadOnlyList<TItem> items, int throttle, string activity,
        Func<TItem, ICallLog, CancellationToken, Task<TResult>> work) =>
        FanOutThroughRun.RunEach(this, items, throttle, work);

    public void Verbose(string text) => Add(Verboses, "VERBOSE", text);

    public void Debug(string text) => Add(Debugs, "DEBUG", text);

    public void Warning(string text) => Add(Warnings, "WARNING", text);

    public void Error(ErrorRecord record)
    {
        lock (Transcript)
        {
            Errors.Add(record);
            Transcript.Add($"ERROR {record.FullyQualifiedErrorId}: {record.Exception.Message}");
        }
    }

    public void Stop(ErrorRecord record)
    {
        Error(record);
        throw new PipelineStoppedException(record.Exception.Message);
    }

    public void Output(object? value)
    {
        lock (Transcript)
        {
            Outputs.Add(value);
            Transcript.Add($"OUTPUT {value}");
        }
    }

    public void Progress(ProgressRecord record)
    {
        lock (Transcript)
        {
            Progresses.Add(record);
        }
    }

    public bool Confirm(bool force, string description, string question, string caption)
    {
        lock (Transcript)
        {
            Confirmations.Add((description, force));
        }

        switch (Answers)
        {
            case Answer.WhatIf:
                Add(WhatIfs, "WHATIF", description);
                return false;
            case Answer.No:
                return force;
            default:
                return ConfirmWith?.Invoke(description) ?? true;
        }
    }

    /// <summary>The short form: asked by its target, and under -WhatIf the words an English PowerShell writes.</summary>
    public bool Confirm(bool force, string target, string action)
    {
        if (IsWhatIf)
        {
            lock (Transcript)
            {
                Confirmations.Add((target, force));
            }

            Plan(target, action);
            return false;
        }

        return Confirm(force, target, string.Empty, action);
    }

    public string FileSystemPath(string path, string parameter) => Path.GetFullPath(path);

    /// <summary>PowerShell's location, against which <see cref="ResolvePath"/> resolves relative paths.</summary>
    public string Location { get; init; } = Environment.CurrentDirectory;

    /// <summary>
    /// As PowerShell's providers would, for the file system and one other drive: a path on Cert:\ belongs to the
    /// Certificate provider, a wildcard in the last part of a path matches the files and folders of its folder.
    /// </summary>
    public ProviderPaths ResolvePath(string path, bool expandWildcards)
    {
        if (path.StartsWith(@"Cert:\", StringComparison.OrdinalIgnoreCase))
        {
            return new ProviderPaths([path], "Certificate", Location);
        }

        string full = Path.GetFullPath(path, Location);
        if (!expandWildcards)
        {
            return new ProviderPaths([full], "FileSystem", Location);
        }

        string folder = Path.GetDirectoryName(full)!;
        List<string> matched = Directory.Exists(folder)
            ? Directory.EnumerateFileSystemEntries(folder, Path.GetFileName(full)).Order(StringComparer.Ordinal).ToList()
            : [];
        return new ProviderPaths(matched, "FileSystem", Location);
    }

    /// <summary>Under -WhatIf, the words an English PowerShell writes for the short form.</summary>
    public void Plan(string target, string action) => Plan(IsWhatIf ? $"Performing the operation \"{action}\" on target \"{target}\"." : $"{action}: {target}");

    public void Plan(string text)
    {
        if (IsWhatIf)
        {
            Add(WhatIfs, "WHATIF", text);
        }
        else
        {
            Verbose(text);
        }
    }

    private void Add(List<string> stream, string tag, string text)
    {
        lock (Transcript)
        {
            stream.Add(text);
            Transcript.Add($"{tag} {text}");
        }
    }

    /// <summary>A call's log: its verbose and (when on) debug lines land in the host's streams, as a cmdlet's would.</summary>
    private sealed class Log(RecordingHost host) : ICallLog
    {
        public bool IsDebugEnabled => host.IsDebugEnabled;

        public void Verbose(string message) => host.Verbose(message);

        public void Debug(string message) => host.Debug(message);

        public void Progress(string activity, string? status)
        {
        }
    }
}
