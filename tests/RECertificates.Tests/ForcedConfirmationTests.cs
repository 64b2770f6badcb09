namespace RECertificates.Tests;

/// <summary>Where a confirmation cannot be asked: a PowerShell started -NonInteractive, as a scheduled task runs it.</summary>
public class ForcedConfirmationTests
{
    [Theory]
    [InlineData(new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", "x.ps1" }, true)]
    [InlineData(new[] { "pwsh", "-noni", "-c", "x" }, true)]
    [InlineData(new[] { "powershell.exe", "/NonInteractive" }, true)]
    [InlineData(new[] { "pwsh", "-NoProfile" }, false)]
    [InlineData(new[] { "pwsh", "-File", "x.ps1", "-NonInteractive" }, false)]
    [InlineData(new[] { "pwsh" }, false)]
    public void Tells_a_PowerShell_started_NonInteractive(string[] arguments, bool nonInteractive)
    {
        Assert.Equal(nonInteractive, RECertificates.Commands.ForcedConfirmation.StartedNonInteractive(arguments));
    }
}
