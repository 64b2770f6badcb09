<#
.SYNOPSIS
Makes RECertificates.<version>.nupkg from the built module with PowerShell's own Publish-PSResource.

.DESCRIPTION
Publishes the module to a folder repository registered for the time of the call only, then copies the package
to -OutputPath. The package is the one a gallery would serve: Install-PSResource installs it as is. The version
is the manifest's ModuleVersion, the module's one source of its version.

Needs Microsoft.PowerShell.PSResourceGet, which ships with PowerShell 7.4 and later (build.ps1 runs under the
repository's own PowerShell 7.6).

.EXAMPLE
./tools/New-ModulePackage.ps1 -ModulePath ./out/RECertificates -OutputPath ./out
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    # The laid-out module folder (build.ps1 -Task Build makes out/RECertificates).
    [Parameter(Mandatory)] [string] $ModulePath,
    # Where RECertificates.<version>.nupkg is written.
    [Parameter(Mandatory)] [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$root = Split-Path $PSScriptRoot -Parent
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$manifestPath = Join-Path $ModulePath 'RECertificates.psd1'
if (-not (Test-Path -LiteralPath $manifestPath)) { throw "No module manifest at '$manifestPath'. Run ./build.ps1 -Task Build first." }
$version = (Import-PowerShellDataFile -LiteralPath $manifestPath).ModuleVersion
Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop

$work = Join-Path ([IO.Path]::GetTempPath()) ('recert-package-' + [guid]::NewGuid().ToString('n'))
$repositoryName = 'RECertificatesBuild' + [guid]::NewGuid().ToString('n').Substring(0, 8)
try {
    # A staged copy (the folder must carry the module's name) with the license and change log beside the manifest.
    $stage = Join-Path $work 'RECertificates'
    $repository = Join-Path $work 'repository'
    $null = New-Item -ItemType Directory -Path $repository -Force
    Copy-Item -LiteralPath $ModulePath -Destination $stage -Recurse
    foreach ($file in 'LICENSE', 'CHANGELOG.md') {
        Copy-Item -LiteralPath (Join-Path $root $file) -Destination $stage
    }

    Register-PSResourceRepository -Name $repositoryName -Uri $repository -Trusted
    Publish-PSResource -Path $stage -Repository $repositoryName

    $package = Join-Path $repository "RECertificates.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) { throw "Publish-PSResource made no '$package'." }
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    $destination = Join-Path (Resolve-Path -LiteralPath $OutputPath).ProviderPath "RECertificates.$version.nupkg"
    Copy-Item -LiteralPath $package -Destination $destination -Force
    Write-Host "Package written to $destination" -ForegroundColor Green
    Get-Item -LiteralPath $destination
}
finally {
    # The registration lives in the user's PSResourceGet settings: never leave it behind.
    if (Get-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue) {
        Unregister-PSResourceRepository -Name $repositoryName
    }
    if (Test-Path -LiteralPath $work) { Remove-Item -LiteralPath $work -Recurse -Force }
}
