# The built module inside Windows PowerShell 5.1 (.NET Framework 4.7.2+), started as powershell.exe children of this
# pwsh. Only Windows has powershell.exe: elsewhere these tests are skipped (the CI workflow runs them on Windows).
BeforeDiscovery {
    $script:windowsPowerShell = if ($IsWindows) {
        Get-Command powershell.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1 -ExpandProperty Source
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    $script:powershellExe = Get-Command powershell.exe -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1 -ExpandProperty Source

    function Invoke-WindowsPowerShell([string] $Script, [hashtable] $Environment) {
        $file = Join-Path ([IO.Path]::GetTempPath()) ('recert-' + [guid]::NewGuid().ToString('n') + '.ps1')
        # Windows PowerShell reads a script without a byte order mark as the ANSI code page: write one.
        [IO.File]::WriteAllText($file, $Script, [Text.UTF8Encoding]::new($true))
        try {
            $start = [Diagnostics.ProcessStartInfo]::new($powershellExe)
            foreach ($part in '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', $file) { $start.ArgumentList.Add($part) }
            $start.UseShellExecute = $false
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            # A PSModulePath inherited from PowerShell 7 would offer 5.1 the wrong modules: let it build its own.
            $start.Environment.Remove('PSModulePath')
            $start.Environment['RECERT_MODULE_PATH'] = (Get-RETestPath).Module
            foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string]$Environment[$name] }
            $process = [Diagnostics.Process]::Start($start)
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw 'powershell.exe did not finish within 120 s.' }
            $process.WaitForExit()
            if ($process.ExitCode -ne 0) { throw "powershell.exe failed ($($process.ExitCode)): $($stdout.Result) $($stderr.Result)" }
            ($stdout.Result -split "`r?`n" | Where-Object { $_ } | Select-Object -Last 1) | ConvertFrom-Json
        }
        finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
    }

    # What every 5.1 child runs: connect with a pin, list, and report where each dependency came from.
    $script:work = @'
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
function Invoke-ModuleWork {
    $credential = New-Object System.Management.Automation.PSCredential('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
    $session = Connect-RECluster -Uri $env:RECERT_TEST_URL -Credential $credential -CertificateThumbprint $env:RECERT_TEST_THUMBPRINT
    $names = @(Get-RECertificate | ForEach-Object Name)
    Disconnect-RECluster $session
    , $names
}
function Get-ExtensionsAssembly {
    [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -like 'Microsoft.Extensions.*' -or $_.GetName().Name -eq 'System.Text.Json' } |
        ForEach-Object { New-Object PSObject -Property @{ Name = $_.GetName().Name; Version = $_.GetName().Version.ToString(); Location = $_.Location } }
}
'@

    if ($powershellExe) {
        $script:sim = Start-RESimulator
        $script:environment = @{ RECERT_TEST_URL = $sim.Url; RECERT_TEST_THUMBPRINT = $sim.Thumbprint }
        $script:dependencies = Join-Path (Get-RETestPath).Module 'dependencies'
    }
}

AfterAll {
    if ($script:sim) { $script:sim | Stop-RESimulator }
}

Describe 'The module in Windows PowerShell 5.1' -Skip:(-not $windowsPowerShell) {
    It 'imports, connects over TLS 1.2 or 1.3 with a pinned certificate, and lists the certificates' {
        # The simulator (Kestrel on .NET 10) accepts TLS 1.2 and 1.3 only: connecting at all proves the handler enables them.
        $result = Invoke-WindowsPowerShell -Environment $environment -Script ($work + @'
Import-Module $env:RECERT_MODULE_PATH
$names = Invoke-ModuleWork
New-Object PSObject -Property @{ Edition = $PSVersionTable.PSEdition; Names = $names; Assemblies = @(Get-ExtensionsAssembly) } | ConvertTo-Json -Depth 4 -Compress
'@)
        $result.Edition | Should -Be 'Desktop'
        foreach ($name in 'api', 'cm', 'proxy', 'syncer') { $result.Names | Should -Contain $name }
        $http = @($result.Assemblies | Where-Object Name -eq 'Microsoft.Extensions.Http')
        $http.Count | Should -Be 1
        Split-Path $http[0].Location -Parent | Should -Be $dependencies
    }

    It 'works after another module loaded older Microsoft.Extensions.* first, and after Remove-Module and Import-Module' {
        $older = Save-REOlderExtensionAssembly -Path (Join-Path $TestDrive 'older-net461') -Framework net461
        $result = Invoke-WindowsPowerShell -Environment ($environment + @{ RECERT_TEST_OLDER = $older }) -Script ($work + @'
foreach ($name in 'Microsoft.Extensions.Primitives', 'Microsoft.Extensions.DependencyInjection.Abstractions', 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Options') {
    $null = [Reflection.Assembly]::LoadFrom((Join-Path $env:RECERT_TEST_OLDER "$name.dll"))
}
Import-Module $env:RECERT_MODULE_PATH
$first = Invoke-ModuleWork
Remove-Module RECertificates
Import-Module $env:RECERT_MODULE_PATH
$second = Invoke-ModuleWork
New-Object PSObject -Property @{ First = $first; Second = $second; Assemblies = @(Get-ExtensionsAssembly) } | ConvertTo-Json -Depth 4 -Compress
'@)
        foreach ($name in 'api', 'proxy') { $result.First | Should -Contain $name; $result.Second | Should -Contain $name }
        $di = @($result.Assemblies | Where-Object Name -eq 'Microsoft.Extensions.DependencyInjection')
        ($di | Where-Object Version -eq '6.0.0.0').Location | Should -BeLike "$older*"
        ($di | Where-Object Version -ne '6.0.0.0').Location | Should -BeLike "$dependencies*"
    }
}
