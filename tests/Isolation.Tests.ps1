# Dependency isolation: the module works whichever Microsoft.Extensions.* another module loaded first, keeps its own
# in a load context of its own, leaves the other copies usable, and survives Remove-Module / Import-Module.
# Every case runs in a fresh pwsh: what a process has loaded cannot be unloaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    $script:modulePath = (Get-RETestPath).Module
    $script:dependencies = Join-Path $modulePath 'dependencies'
    $script:sim = Start-RESimulator

    # Older real assemblies (6.0, strong-named like ours) from NuGet through the SDK's restore: the versions another
    # module built for PowerShell 7.2 would ship.
    $script:olderNames = 'Microsoft.Extensions.Primitives', 'Microsoft.Extensions.DependencyInjection.Abstractions', 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Options'
    $script:olderFolder = Save-REOlderExtensionAssembly -Path (Join-Path $TestDrive 'older') -Name $olderNames

    $script:environment = @{
        RECERT_TEST_URL        = $sim.Url
        RECERT_TEST_THUMBPRINT = $sim.Thumbprint
        RECERT_TEST_OLDER      = $olderFolder
        RECERT_TEST_NAMES      = $olderNames -join ';'
    }

    # Functions every child script starts with. The last line a child writes is its findings as JSON.
    $script:prelude = @'
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$script:older = @{}

function Import-OlderExtensions {
    # The way another module (or a script) loads its own copies: from files, into the default context.
    foreach ($name in $env:RECERT_TEST_NAMES -split ';') {
        $script:older[$name] = [Reflection.Assembly]::LoadFrom((Join-Path $env:RECERT_TEST_OLDER "$name.dll"))
    }
}

function Invoke-OlderStatic([string] $Assembly, [string] $Type, [string] $Method, [object[]] $Arguments) {
    # Extension methods are plain static methods; the non-generic overload whose parameters take these arguments.
    $candidates = @($script:older[$Assembly].GetType($Type, $true).GetMethods() | Where-Object {
            $parameters = $_.GetParameters()
            $_.Name -eq $Method -and -not $_.IsGenericMethodDefinition -and $parameters.Count -eq $Arguments.Count -and
            @(0..($parameters.Count - 1) | Where-Object { -not $parameters[$_].ParameterType.IsInstanceOfType($Arguments[$_]) }).Count -eq 0
        })
    $candidates[0].Invoke($null, $Arguments)
}

function Use-OlderExtensions {
    # Builds a 6.0 container with 6.0 options and resolves through it: the older copies must still work.
    $services = [Activator]::CreateInstance($script:older['Microsoft.Extensions.DependencyInjection'].GetType('Microsoft.Extensions.DependencyInjection.ServiceCollection', $true))
    $null = Invoke-OlderStatic 'Microsoft.Extensions.Options' 'Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions' 'AddOptions' @(, $services)
    $marker = [Text.StringBuilder]::new('older')
    $null = Invoke-OlderStatic 'Microsoft.Extensions.DependencyInjection.Abstractions' 'Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions' 'AddSingleton' @($services, [Text.StringBuilder], $marker)
    $provider = Invoke-OlderStatic 'Microsoft.Extensions.DependencyInjection' 'Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions' 'BuildServiceProvider' @(, $services)
    $resolved = $provider.GetService([Text.StringBuilder])
    $stringValues = [Activator]::CreateInstance($script:older['Microsoft.Extensions.Primitives'].GetType('Microsoft.Extensions.Primitives.StringValues', $true), [object[]]@(, [string]'a'))
    [pscustomobject]@{
        Resolved        = [object]::ReferenceEquals($resolved, $marker)
        ProviderVersion = $provider.GetType().Assembly.GetName().Version.ToString()
        StringValues    = $stringValues.ToString()
    }
}

function Invoke-ModuleWork {
    # Connect, list, and (where the build has it) write one certificate: the HTTP stack, DI and JSON all run.
    $credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
    $session = Connect-RECluster -Uri $env:RECERT_TEST_URL -Credential $credential -CertificateThumbprint $env:RECERT_TEST_THUMBPRINT
    $names = @(Get-RECertificate | ForEach-Object Name)
    # Set-RECertificate is written in parallel with these tests: exercised when the build has it.
    $hasSet = [bool](Get-Command Set-RECertificate -Module RECertificates -ErrorAction SilentlyContinue)
    if ($hasSet) {
        # proxy's certificate and key as cm: a real change (the same certificate back would not be sent at all).
        $proxy = Get-RECertificate proxy -IncludePrivateKey
        Set-RECertificate -Name cm -Certificate $proxy.CertificatePem -Key $proxy.PrivateKey -Force -WarningAction SilentlyContinue
    }
    Disconnect-RECluster $session
    [pscustomobject]@{ Cluster = $session.ClusterName; Names = $names; HasSet = $hasSet }
}

function Get-ExtensionsAssembly {
    # Every Microsoft.Extensions.* in the process, with the load context that holds it.
    [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -like 'Microsoft.Extensions.*' } |
        ForEach-Object { [pscustomobject]@{ Name = $_.GetName().Name; Version = $_.GetName().Version.ToString(); Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } }
}

function Test-ResolvesByName([string] $FullName) {
    # What an Assembly.Load from the default context gets: the module's own copy while its resolver is hooked.
    try { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext([Reflection.Assembly]::Load($FullName)).Name } catch { $null }
}
'@

    function Invoke-IsolationCase([string] $Body) {
        $run = Invoke-FreshPwsh -Script ($prelude + "`n" + $Body) -Environment $environment
        if ($run.ExitCode -ne 0) { throw "The child pwsh failed ($($run.ExitCode)): $($run.Output) $($run.ErrorOutput)" }
        ($run.Output -split "`r?`n" | Where-Object { $_ } | Select-Object -Last 1) | ConvertFrom-Json
    }

    function Get-ShippedVersion([string] $Name) { [Reflection.AssemblyName]::GetAssemblyName((Join-Path $dependencies "$Name.dll")).Version.ToString() }

    $script:expectedNames = 'api', 'cm', 'proxy', 'syncer'
}

AfterAll {
    $script:sim | Stop-RESimulator
}

Describe 'The module layout' {
    It 'has only RECertificates.dll at the root and every other assembly under dependencies/' {
        @(Get-ChildItem -LiteralPath $modulePath -Filter *.dll | ForEach-Object Name) | Should -Be @('RECertificates.dll')
        $shipped = @(Get-ChildItem -LiteralPath $dependencies -Filter *.dll | ForEach-Object Name)
        $shipped | Should -Contain 'Microsoft.Extensions.DependencyInjection.dll'
        $shipped | Should -Contain 'Microsoft.Extensions.Http.dll'
        $shipped | Should -Contain 'System.Text.Json.dll'
        $shipped | Should -Not -Contain 'System.Management.Automation.dll'
        $shipped | Should -Not -Contain 'RECertificates.dll'
    }
}

Describe 'Dependency isolation' {
    It 'works when another module loaded older Microsoft.Extensions.* first, and leaves them working' {
        Clear-RESimulatorRequest $sim
        $result = Invoke-IsolationCase @'
Import-OlderExtensions
$before = Use-OlderExtensions
Import-Module $env:RECERT_MODULE_PATH
$work = Invoke-ModuleWork
$after = Use-OlderExtensions
[pscustomobject]@{ Before = $before; Work = $work; After = $after; Assemblies = @(Get-ExtensionsAssembly) } | ConvertTo-Json -Depth 5 -Compress
'@
        $result.Work.Cluster | Should -Be 'cluster.local'
        foreach ($name in $expectedNames) { $result.Work.Names | Should -Contain $name }
        $result.Before.Resolved | Should -BeTrue
        $result.After.Resolved | Should -BeTrue
        $result.After.ProviderVersion | Should -Be '6.0.0.0'
        $result.After.StringValues | Should -Be 'a'

        foreach ($name in 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.DependencyInjection.Abstractions', 'Microsoft.Extensions.Options') {
            $copies = @($result.Assemblies | Where-Object Name -eq $name)
            $copies | Where-Object Version -eq '6.0.0.0' | ForEach-Object Context | Should -Be 'Default' -Because "$name 6.0 was loaded by 'another module'"
            $copies | Where-Object Version -eq (Get-ShippedVersion $name) | ForEach-Object Context | Should -Be 'RECertificates' -Because "the module's own $name lives in its own context"
        }
        @($result.Assemblies | Where-Object { $_.Name -eq 'Microsoft.Extensions.Primitives' -and $_.Context -eq 'Default' }).Version | Should -Be '6.0.0.0'
        # Set-RECertificate is written in parallel with these tests: when the build has it, its write reached the cluster.
        if ($result.Work.HasSet) { @(Get-RESimulatorRequest $sim -Write).path | Should -Contain '/v1/cluster/certificates' }
    }

    It 'loads nothing of its dependencies at import, and lets older copies loaded later work beside its own' {
        $result = Invoke-IsolationCase @'
Import-Module $env:RECERT_MODULE_PATH
$atImport = @(Get-ExtensionsAssembly)
$first = Invoke-ModuleWork
# Another module's request for a version the module does not reference is not answered with the module's copy.
$foreignRequest = Test-ResolvesByName 'Microsoft.Extensions.Primitives, Version=6.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60'
Import-OlderExtensions
$older = Use-OlderExtensions
$second = Invoke-ModuleWork
[pscustomobject]@{ AtImport = $atImport; First = $first; ForeignRequest = $foreignRequest; Older = $older; Second = $second; Assemblies = @(Get-ExtensionsAssembly) } | ConvertTo-Json -Depth 5 -Compress
'@
        @($result.AtImport).Count | Should -Be 0 -Because 'import only hooks the resolver; the HTTP stack and DI load with the first cmdlet that needs them'
        foreach ($name in $expectedNames) { $result.First.Names | Should -Contain $name; $result.Second.Names | Should -Contain $name }
        $result.ForeignRequest | Should -BeNullOrEmpty
        $result.Older.Resolved | Should -BeTrue
        $result.Older.ProviderVersion | Should -Be '6.0.0.0'
        $ours = @($result.Assemblies | Where-Object Context -eq 'RECertificates')
        $ours.Name | Should -Contain 'Microsoft.Extensions.Http'
        $ours.Name | Should -Contain 'Microsoft.Extensions.DependencyInjection'
        foreach ($assembly in $ours) { $assembly.Version | Should -Be (Get-ShippedVersion $assembly.Name) }
        @($result.Assemblies | Where-Object Context -eq 'Default' | ForEach-Object Version | Sort-Object -Unique) | Should -Be @('6.0.0.0')
    }

    It 'keeps working after Remove-Module and Import-Module in the same process, unhooking and hooking again' {
        $result = Invoke-IsolationCase @'
$di = 'Microsoft.Extensions.DependencyInjection, Version=8.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60'
Import-Module $env:RECERT_MODULE_PATH
$first = Invoke-ModuleWork
$hooked = Test-ResolvesByName $di
Remove-Module RECertificates
$removed = Test-ResolvesByName $di
$commandsAfterRemove = @(Get-Command -Module RECertificates -ErrorAction SilentlyContinue).Count
Import-OlderExtensions
Import-Module $env:RECERT_MODULE_PATH
$rehooked = Test-ResolvesByName $di
$second = Invoke-ModuleWork
$older = Use-OlderExtensions
[pscustomobject]@{ First = $first; Hooked = $hooked; Removed = $removed; CommandsAfterRemove = $commandsAfterRemove; Rehooked = $rehooked; Second = $second; Older = $older } | ConvertTo-Json -Depth 5 -Compress
'@
        foreach ($name in $expectedNames) { $result.First.Names | Should -Contain $name; $result.Second.Names | Should -Contain $name }
        $result.Second.Cluster | Should -Be 'cluster.local'
        $result.Hooked | Should -Be 'RECertificates'
        $result.Removed | Should -BeNullOrEmpty -Because 'Remove-Module unhooks the resolver'
        $result.CommandsAfterRemove | Should -Be 0
        $result.Rehooked | Should -Be 'RECertificates' -Because 'Import-Module hooks the same resolver and load context again'
        $result.Older.ProviderVersion | Should -Be '6.0.0.0'
    }

    It 'works beside PowerShell''s own PSResourceGet and the Microsoft.Extensions.Primitives it bundles' {
        $bundled = Join-Path $PSHOME 'Modules/Microsoft.PowerShell.PSResourceGet/dependencies/Microsoft.Extensions.Primitives.dll'
        if (-not (Test-Path -LiteralPath $bundled)) { Set-ItResult -Skipped -Because "this PowerShell's PSResourceGet bundles no Microsoft.Extensions.Primitives"; return }
        $result = Invoke-IsolationCase @"
Import-Module Microsoft.PowerShell.PSResourceGet
`$null = Get-PSResourceRepository
`$bundled = [Reflection.Assembly]::LoadFrom('$bundled')
Import-Module `$env:RECERT_MODULE_PATH
`$work = Invoke-ModuleWork
[pscustomobject]@{ Bundled = `$bundled.GetName().Version.ToString(); Work = `$work; Assemblies = @(Get-ExtensionsAssembly) } | ConvertTo-Json -Depth 5 -Compress
"@
        foreach ($name in $expectedNames) { $result.Work.Names | Should -Contain $name }
        $result.Bundled | Should -Not -Be (Get-ShippedVersion 'Microsoft.Extensions.Primitives')
        @($result.Assemblies | Where-Object { $_.Name -eq 'Microsoft.Extensions.Primitives' -and $_.Context -eq 'Default' }).Version | Should -Be $result.Bundled
        @($result.Assemblies | Where-Object { $_.Name -eq 'Microsoft.Extensions.Http' }).Context | Should -Be 'RECertificates'
    }
}
