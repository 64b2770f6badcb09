<#
.SYNOPSIS
Builds, tests, documents, demonstrates, measures and packages the RECertificates module.

.DESCRIPTION
Needs only the .NET SDK: PowerShell comes from the repository's local tool (dotnet tool restore), Pester from
NuGet through the SDK's restore. Tasks can be combined and run in the order given.

  Build    Release build; lays the importable module at out/RECertificates and the simulator at out/simulator.
  Test     Build, then every test (xUnit and Pester); the last line is 'Tests: N passed, N failed'.
  Docs     Turns docs/en-US/*.md (platyPS markdown) into the MAML help Get-Help reads.
  Demo     Starts the simulator, connects, shows the certificates, rotates two, shows them again.
  Bench    Measures import, first call, steady state, fleets (50 and 100 clusters, renewal -WhatIf), validation and served certificates; writes out/bench.json.
  Package  Makes out/RECertificates.<version>.nupkg.
  Clean    Removes out/ and the build folders.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Demo', 'Bench', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',

    # Test: run only these Pester files (and no xUnit unless -XUnit is given too); for a quick loop while developing.
    [string[]] $TestPath,

    [switch] $XUnit
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'RECertificates'
$SimulatorOut = Join-Path $Out 'simulator'
$Manifest = Join-Path $Root 'RECertificates.psd1'
$ModuleVersion = (Import-PowerShellDataFile -LiteralPath $Manifest).ModuleVersion
$Built = $false
$FailedTests = 0

function Invoke-DotNet {
    # dotnet's own output goes to the console; a failure stops the build with the command that failed.
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'dotnet $($args -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask {
    if ($script:Built) { return }
    Write-Host "Building RECertificates $ModuleVersion ($Configuration)" -ForegroundColor Cyan
    Invoke-DotNet build (Join-Path $Root 'RECertificates.sln') -c $Configuration --nologo -v quiet
    # The module's sources once more for .NET Framework 4.7.2 (Windows PowerShell 5.1): an API it lacks fails here.
    Invoke-DotNet build (Join-Path $Root 'tests/RECertificates.Net472Check/RECertificates.Net472Check.csproj') -c $Configuration --nologo -v quiet

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut -Force
    $assemblies = Join-Path $Root "src/RECertificates/bin/$Configuration/netstandard2.0"
    # PowerShell brings System.Management.Automation itself: never ship it. Only RECertificates.dll sits at the
    # root; the rest goes to dependencies/, where only the module's own resolver (src/RECertificates/Loading) finds it.
    $dependencies = New-Item -ItemType Directory -Path (Join-Path $ModuleOut 'dependencies') -Force
    Get-ChildItem -LiteralPath $assemblies -Filter *.dll |
        Where-Object Name -ne 'System.Management.Automation.dll' |
        ForEach-Object { Copy-Item -LiteralPath $_.FullName -Destination $(if ($_.Name -eq 'RECertificates.dll') { $ModuleOut } else { $dependencies.FullName }) }
    Copy-Item -LiteralPath $Manifest -Destination $ModuleOut
    Copy-Item -LiteralPath (Join-Path $Root 'src/RECertificates/RECertificates.format.ps1xml') -Destination $ModuleOut
    Copy-Item -LiteralPath (Join-Path $Root 'src/RECertificates/RECertificates.types.ps1xml') -Destination $ModuleOut
    Invoke-DocsTask

    if (Test-Path $SimulatorOut) { Remove-Item $SimulatorOut -Recurse -Force }
    Copy-Item -Path (Join-Path $Root "src/RECertificates.Simulator/bin/$Configuration/net10.0") -Destination $SimulatorOut -Recurse
    $script:Built = $true
    Write-Host "Module laid out at $ModuleOut" -ForegroundColor Green
}

function Invoke-DocsTask {
    & (Join-Path $Root 'tools/ConvertTo-Maml.ps1') -SourcePath (Join-Path $Root 'docs/en-US') -DestinationPath (Join-Path $ModuleOut 'en-US')
}

function Get-PesterModulePath {
    $tools = Join-Path $Root 'tools/RECertificates.Tools.csproj'
    $version = ([xml](Get-Content -LiteralPath $tools -Raw)).Project.PropertyGroup.PesterVersion | Where-Object { $_ } | Select-Object -First 1
    $pester = Join-Path $Root "tools/packages/pester/$version/tools/Pester.psd1"
    if (-not (Test-Path $pester)) {
        Invoke-DotNet restore $tools --nologo -v quiet
    }
    if (-not (Test-Path $pester)) { throw "Pester $version was not restored to '$pester'." }
    $pester
}

function Invoke-TestTask {
    Invoke-BuildTask
    $results = Join-Path $Out 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results

    # xUnit: the pure C# logic (skipped when only some Pester files were asked for).
    $runXUnit = -not $TestPath -or $XUnit
    if ($runXUnit) { Write-Host 'Running xUnit tests' -ForegroundColor Cyan }
    if ($runXUnit) { & dotnet test (Join-Path $Root 'tests/RECertificates.Tests/RECertificates.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $results | Out-Host }
    $xunitPassed = 0; $xunitFailed = 0
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content -LiteralPath $trx -Raw)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    elseif ($runXUnit) {
        Write-Host 'xUnit produced no results: counting the run as one failure.' -ForegroundColor Red
        $xunitFailed = 1
    }

    # Pester: the built module in a fresh pwsh against the simulator.
    Write-Host 'Running Pester tests in a fresh pwsh' -ForegroundColor Cyan
    $summary = Join-Path $results 'pester-summary.json'
    $pwsh = @(& (Join-Path $Root 'tests/TestHelpers/Get-PwshCommand.ps1'))
    $env:RECERT_MODULE_PATH = $ModuleOut
    $env:RECERT_SIMULATOR_PATH = Join-Path $SimulatorOut 'RECertificates.Simulator.dll'
    # From the root, where 'dotnet pwsh' (the command under Windows PowerShell 5.1) finds the local tool.
    # 'dotnet pwsh ./build.ps1 -TestPath a,b' hands over one string 'a,b': split it here.
    $only = if ($TestPath) { @('-Path', (($TestPath -split ',' | Where-Object { $_ } | ForEach-Object { (Resolve-Path -LiteralPath $_).Path }) -join ',')) } else { @() }
    Push-Location -LiteralPath $Root
    try {
        & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-PesterTests.ps1') `
            -PesterPath (Get-PesterModulePath) -SummaryPath $summary -ResultPath (Join-Path $results 'pester.xml') @only | Out-Host
    }
    finally { Pop-Location }
    $pesterPassed = 0; $pesterFailed = 0
    if (Test-Path $summary) {
        $counts = Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json
        $pesterPassed = [int]$counts.Passed
        $pesterFailed = [int]$counts.Failed
        if ($pesterPassed + $pesterFailed -eq 0) {
            Write-Host 'Pester ran no test: counting the run as one failure.' -ForegroundColor Red
            $pesterFailed = 1
        }
    }
    else {
        Write-Host 'Pester produced no summary: counting the run as one failure.' -ForegroundColor Red
        $pesterFailed = 1
    }

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    Write-Host "xUnit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    Write-Host "Tests: $passed passed, $failed failed"
    # Recorded, not exited: the script sets its exit code once every task has run.
    $script:FailedTests += $failed
}

function Invoke-DemoTask {
    Invoke-BuildTask
    & (Join-Path $Root 'tools/Invoke-Demo.ps1') -ModulePath $ModuleOut
    if (-not $?) { throw 'The demo failed.' }
}

function Invoke-BenchTask {
    Invoke-BuildTask
    & (Join-Path $Root 'tools/Invoke-Benchmark.ps1') -ModulePath $ModuleOut -OutputPath (Join-Path $Out 'bench.json')
}

function Invoke-PackageTask {
    Invoke-BuildTask
    & (Join-Path $Root 'tools/New-ModulePackage.ps1') -ModulePath $ModuleOut -OutputPath $Out
}

function Invoke-CleanTask {
    foreach ($path in @($Out) + @(Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj | ForEach-Object FullName)) {
        if (Test-Path $path) { Remove-Item -LiteralPath $path -Recurse -Force }
    }
    Write-Host 'Cleaned.' -ForegroundColor Green
}

foreach ($name in $Task) {
    & "Invoke-$($name)Task"
}
# CI reads the exit code: any failed test fails the run.
if ($FailedTests -gt 0) { exit 1 }
