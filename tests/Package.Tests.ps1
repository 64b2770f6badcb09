# The package: made by tools/New-ModulePackage.ps1 (build.ps1 -Task Package) with Publish-PSResource, installed the way
# users install modules (Install-PSResource from a repository) into a clean module path, then imported by name.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    $paths = Get-RETestPath
    $script:version = (Import-PowerShellDataFile -LiteralPath (Join-Path $paths.Module 'RECertificates.psd1')).ModuleVersion
    $script:sourceManifest = Import-PowerShellDataFile -LiteralPath (Join-Path $paths.Root 'RECertificates.psd1')

    # PSResourceGet keeps repository registrations under the local application data folder and, off Windows, installs
    # for the CurrentUser under HOME (and NuGet, inside it, reads its settings from the config folder): a home of
    # the test's own keeps the user's settings and modules untouched. (.NET reports a data or config folder that does
    # not exist as '', and they would then write beside the current directory: the folders are made first.)
    function New-IsolatedHome([string] $Name) {
        $folder = Join-Path $TestDrive $Name
        $data = (New-Item -ItemType Directory -Path (Join-Path $folder '.local/share')).FullName
        $config = (New-Item -ItemType Directory -Path (Join-Path $folder '.config')).FullName
        @{ HOME = $folder; XDG_DATA_HOME = $data; XDG_CONFIG_HOME = $config }
    }
    $script:packageHome = New-IsolatedHome 'package-home'
    $script:installHome = New-IsolatedHome 'install-home'
    $script:packageFolder = Join-Path $TestDrive 'package'
    $made = Invoke-FreshPwsh -Environment $packageHome -Script @"
`$ErrorActionPreference = 'Stop'
`$null = & '$(Join-Path $paths.Root 'tools/New-ModulePackage.ps1')' -ModulePath '$($paths.Module)' -OutputPath '$packageFolder'
"@
    if ($made.ExitCode -ne 0) { throw "tools/New-ModulePackage.ps1 failed: $($made.Output) $($made.ErrorOutput)" }
    $script:package = Join-Path $packageFolder "RECertificates.$version.nupkg"
    $script:sim = Start-RESimulator
}

AfterAll {
    if ($script:sim) { $script:sim | Stop-RESimulator }
}

Describe 'The module package' {
    It 'is RECertificates.<version>.nupkg with the module laid out and what a gallery page shows' {
        $package | Should -Exist
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($package)
        try {
            $entries = @($zip.Entries | ForEach-Object FullName)
            $nuspecEntry = $zip.Entries | Where-Object FullName -eq 'RECertificates.nuspec'
            $reader = [IO.StreamReader]::new($nuspecEntry.Open())
            $nuspec = [xml]$reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }

        $entries | Should -Contain 'RECertificates.psd1'
        $entries | Should -Contain 'RECertificates.dll'
        $entries | Should -Contain 'RECertificates.format.ps1xml'
        $entries | Should -Contain 'LICENSE'
        $entries | Should -Contain 'CHANGELOG.md'
        $entries | Should -Contain 'dependencies/Microsoft.Extensions.Http.dll'
        @($entries | Where-Object { $_ -like '*.dll' -and $_ -notlike 'dependencies/*' }) | Should -Be @('RECertificates.dll')
        $entries | Should -Not -Contain 'dependencies/System.Management.Automation.dll'

        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'RECertificates'
        $metadata.version | Should -Be $version
        $metadata.description | Should -Be $sourceManifest.Description
        $metadata.projectUrl | Should -Be $sourceManifest.PrivateData.PSData.ProjectUri
        $metadata.licenseUrl | Should -Be $sourceManifest.PrivateData.PSData.LicenseUri
        $metadata.releaseNotes | Should -BeLike "$version*"
        foreach ($tag in 'Redis', 'Certificate', 'TLS', 'PSEdition_Desktop', 'PSEdition_Core') { $metadata.tags -split ' ' | Should -Contain $tag }
    }

    Context 'installed with Install-PSResource from a folder repository' {
        BeforeAll {
            $run = Invoke-FreshPwsh -Environment ($installHome + @{
                RECERT_TEST_PACKAGES   = $packageFolder
                RECERT_TEST_URL        = $sim.Url
                RECERT_TEST_THUMBPRINT = $sim.Thumbprint
            }) -Script @'
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
# A module path of PowerShell's own modules only; the install's folder is added once it exists.
$env:PSModulePath = Join-Path $PSHOME 'Modules'
$beforeInstall = @(Get-Module -ListAvailable RECertificates).Count

$repository = 'RECertificatesTest' + [guid]::NewGuid().ToString('n').Substring(0, 8)
Register-PSResourceRepository -Name $repository -Uri $env:RECERT_TEST_PACKAGES -Trusted
try {
    Install-PSResource RECertificates -Repository $repository -Scope CurrentUser -TrustRepository -Quiet
    # CurrentUser installs go to the user's module folder (this test's own HOME off Windows); the module
    # path gets that folder and nothing else, so Import-Module by name can only find this install.
    $installed = Get-InstalledPSResource RECertificates -Scope CurrentUser
    $installedModules = Split-Path $installed.InstalledLocation -Parent
    if ((Split-Path $installed.InstalledLocation -Leaf) -ne 'RECertificates') { $installedModules = $installed.InstalledLocation }
    $env:PSModulePath = $installedModules + [IO.Path]::PathSeparator + (Join-Path $PSHOME 'Modules')

    Import-Module RECertificates
    $module = Get-Module RECertificates
    $help = Get-Help Connect-RECluster -Full
    # Without a help file Get-Help makes up a page from the syntax alone: no description, no examples.
    $description = if ($help.PSObject.Properties['description'] -and $help.description) { (@($help.description) | ForEach-Object { $_.Text }) -join ' ' } else { '' }
    $examples = if ($help.PSObject.Properties['examples'] -and $help.examples) { @($help.examples.example).Count } else { 0 }
    $hasHelpFile = @(Get-ChildItem -Path (Join-Path $module.ModuleBase '*/*.dll-Help.xml') -ErrorAction SilentlyContinue).Count -gt 0

    $credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
    $session = Connect-RECluster $env:RECERT_TEST_URL -Credential $credential -CertificateThumbprint $env:RECERT_TEST_THUMBPRINT
    $names = @(Get-RECertificate | ForEach-Object Name)
    Disconnect-RECluster $session

    [pscustomobject]@{
        BeforeInstall = $beforeInstall
        Version       = $module.Version.ToString()
        ModuleBase    = $module.ModuleBase
        Installed     = $installed.InstalledLocation
        HasHelpFile   = $hasHelpFile
        Description   = $description
        Examples      = $examples
        Names         = $names
    } | ConvertTo-Json -Compress
}
finally {
    Uninstall-PSResource RECertificates -Scope CurrentUser -ErrorAction SilentlyContinue
    Unregister-PSResourceRepository -Name $repository
}
'@
            if ($run.ExitCode -ne 0) { throw "The install child failed ($($run.ExitCode)): $($run.Output) $($run.ErrorOutput)" }
            $script:installed = ($run.Output -split "`r?`n" | Where-Object { $_ } | Select-Object -Last 1) | ConvertFrom-Json
        }

        It 'imports by name from a clean module path and works against a cluster' {
            $installed.BeforeInstall | Should -Be 0 -Because 'the module path starts clean'
            $installed.Version | Should -Be $version
            $installed.ModuleBase | Should -BeLike "$($installed.Installed)*"
            # Off Windows the install went to this test's own folder, never the user's modules.
            if (-not $IsWindows) { $installed.Installed | Should -BeLike "$($installHome.HOME)*" }
            foreach ($name in 'api', 'cm', 'proxy', 'syncer') { $installed.Names | Should -Contain $name }
        }

        It 'shows the real help of its cmdlets' {
            # The help comes from docs/en-US, written in parallel with this test: checked once the build has it.
            if (-not $installed.HasHelpFile) { Set-ItResult -Skipped -Because 'this build has no MAML help yet (docs/en-US), so Get-Help shows only the syntax'; return }
            $installed.Description | Should -Not -BeNullOrEmpty
            $installed.Examples | Should -BeGreaterThan 0
        }
    }
}
