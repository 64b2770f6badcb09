<#
.SYNOPSIS
Runs every Pester test file under tests/ against the built module; build.ps1 starts it in a fresh pwsh.
Writes the counts to -SummaryPath for build.ps1, which prints the one closing line CI reads.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string] $ResultPath,
    [string[]] $Path = @($PSScriptRoot),
    [string[]] $Tag,
    [string[]] $ExcludeTag
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
# 'pwsh -File' passes 'a,b' as one string: accept comma-separated lists too.
$Path = @($Path | ForEach-Object { $_ -split ',' } | Where-Object { $_ })

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Detailed'
if ($Tag) { $configuration.Filter.Tag = $Tag }
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag }
if ($ResultPath) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputPath = $ResultPath
    $configuration.TestResult.OutputFormat = 'NUnitXml'
}

$result = Invoke-Pester -Configuration $configuration
# A container that failed to run (a syntax error, a failing BeforeAll) counts as a failure too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8
