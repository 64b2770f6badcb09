# Helpers shared by the Pester tests, the demo and the benchmark: start and drive the cluster simulator,
# run code in a fresh PowerShell process, and make certificates with .NET's own APIs.
Set-StrictMode -Version 3

$script:RepositoryRoot = Split-Path (Split-Path $PSScriptRoot -Parent) -Parent

function Get-RETestPath {
    <# The built module and simulator the tests use: from build.ps1's environment, else the default out/ layout. #>
    [OutputType([pscustomobject])]
    param()
    [pscustomobject]@{
        Module    = if ($env:RECERT_MODULE_PATH) { $env:RECERT_MODULE_PATH } else { Join-Path $script:RepositoryRoot 'out/RECertificates' }
        Simulator = if ($env:RECERT_SIMULATOR_PATH) { $env:RECERT_SIMULATOR_PATH } else { Join-Path $script:RepositoryRoot 'out/simulator/RECertificates.Simulator.dll' }
        Root      = $script:RepositoryRoot
    }
}

function Get-PwshCommand {
    <# How to start a fresh pwsh like this one (see Get-PwshCommand.ps1, which build.ps1 also uses). #>
    [OutputType([string[]])]
    param()
    , @(& (Join-Path $PSScriptRoot 'Get-PwshCommand.ps1'))
}

function Start-RESimulator {
    <#
    .SYNOPSIS
    Starts the cluster simulator as a separate process and waits until it listens.
    .OUTPUTS
    An object with Url, Thumbprint, ThumbprintSha256, ClusterName, Credential, Process, Arguments.
    #>
    [CmdletBinding()]
    param(
        [string[]] $ArgumentList = @(),
        [string] $UserName = 'admin@example.com',
        [string] $Password = 'Passw0rd!',
        [string] $ClusterName = 'cluster.local',
        [int] $TimeoutSeconds = 30
    )
    $paths = Get-RETestPath
    if (-not (Test-Path -LiteralPath $paths.Simulator)) { throw "The simulator is not built at '$($paths.Simulator)'. Run ./build.ps1 -Task Build first." }
    $infoFile = Join-Path ([IO.Path]::GetTempPath()) ("resim-" + [guid]::NewGuid().ToString('n') + '.json')
    $arguments = @($paths.Simulator, '--info-file', $infoFile, '--exit-on-stdin-close', '--user', $UserName, '--password', $Password, '--cluster-name', $ClusterName) + $ArgumentList

    $start = [Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    if ((Split-Path -Leaf $start.FileName) -notmatch '^dotnet(\.exe)?$') { $start.FileName = 'dotnet' }
    foreach ($argument in $arguments) { $start.ArgumentList.Add([string]$argument) }
    $start.UseShellExecute = $false
    # stdin stays open while we live: if this process dies, the simulator sees it close and exits.
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    # Drain its output so a chatty simulator never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $stderr = $process.StandardError.ReadToEndAsync()

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (Test-Path -LiteralPath $infoFile)) {
        if ($process.HasExited) { throw "The simulator exited with code $($process.ExitCode) before listening: $($stderr.Result)" }
        if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw "The simulator did not start within $TimeoutSeconds s." }
        Start-Sleep -Milliseconds 50
    }
    $info = Get-Content -LiteralPath $infoFile -Raw | ConvertFrom-Json
    Remove-Item -LiteralPath $infoFile -ErrorAction SilentlyContinue
    [pscustomobject]@{
        PSTypeName       = 'RECertificates.Test.Simulator'
        Url              = [string]$info.url
        Thumbprint       = [string]$info.thumbprint
        ThumbprintSha256 = [string]$info.thumbprintSha256
        ClusterName      = [string]$info.clusterName
        # The nodes' own TLS ports (the same on every node 127.0.0.K): cm_port, metrics_exporter, the TLS database.
        CmPort           = [int]$info.cmPort
        MetricsPort      = [int]$info.metricsPort
        DatabasePort     = [int]$info.databasePort
        Credential       = [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
        Process          = $process
        Arguments        = $ArgumentList
    }
}

function Stop-RESimulator {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Simulator)
    process {
        if ($Simulator -and -not $Simulator.Process.HasExited) {
            try { $Simulator.Process.StandardInput.Close() } catch { }
            if (-not $Simulator.Process.WaitForExit(5000)) { $Simulator.Process.Kill() }
        }
    }
}

function Invoke-RESimulatorControl {
    <# Calls the simulator's test-only control endpoint (/__sim/...). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Simulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $parameters = @{ Uri = "$($Simulator.Url)/__sim/$Path"; Method = $Method; SkipCertificateCheck = $true }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $parameters.Body = ($Body | ConvertTo-Json -Depth 10 -Compress)
        $parameters.ContentType = 'application/json'
    }
    Invoke-RestMethod @parameters
}

function Get-RESimulatorRequest {
    <# The /v1 requests the simulator saw, oldest first; -Write keeps only PUT and DELETE. #>
    param([Parameter(Mandatory)] $Simulator, [switch] $Write)
    # Unrolled, like any PowerShell command's output: wrap the call in @() to count.
    $requests = Invoke-RESimulatorControl $Simulator 'requests' | ForEach-Object { $_ }
    if ($Write) { $requests | Where-Object method -in 'PUT', 'DELETE' } else { $requests }
}

function Clear-RESimulatorRequest { param([Parameter(Mandatory)] $Simulator) $null = Invoke-RESimulatorControl $Simulator 'requests' -Method DELETE }

function Set-RESimulatorFault {
    <# Example: Set-RESimulatorFault $sim @{ failNodeUpdates = 1 } or @{ status = @{ code = 503; count = 2 } } #>
    param([Parameter(Mandatory)] $Simulator, [Parameter(Mandatory)] [hashtable] $Fault)
    $null = Invoke-RESimulatorControl $Simulator 'faults' -Method POST -Body $Fault
}

function Clear-RESimulatorFault { param([Parameter(Mandatory)] $Simulator) $null = Invoke-RESimulatorControl $Simulator 'faults' -Method DELETE }

function Set-RESimulatorCertificate {
    <# Seeds certificates without validation, in the GET answer's shape: @{ ldap_client_cert = '...'; ldap_client_key = $null } #>
    param([Parameter(Mandatory)] $Simulator, [Parameter(Mandatory)] [hashtable] $Certificates)
    $null = Invoke-RESimulatorControl $Simulator 'certificates' -Method PUT -Body $Certificates
}

function Get-RESimulatorState { param([Parameter(Mandatory)] $Simulator) Invoke-RESimulatorControl $Simulator 'state' }

function Get-RESimulatorThumbprint {
    <# The SHA-1 thumbprint each node of the simulator holds for one certificate name, node by node. #>
    param([Parameter(Mandatory)] $Simulator, [Parameter(Mandatory)] [string] $Name)
    @(Get-RESimulatorState $Simulator | ForEach-Object { $_.certificates.$Name })
}

function Write-RETestPem {
    <# Writes PEM text (UTF-8, no BOM) to a file in a test folder and returns its path. #>
    param([Parameter(Mandatory)] [string] $Folder, [Parameter(Mandatory)] [string] $FileName, [string] $Text)
    $path = Join-Path $Folder $FileName
    [IO.File]::WriteAllText($path, $Text)
    $path
}

function Connect-RETestCluster {
    <#
    Connects the module to a simulator, trusting it by its pinned thumbprint (the way an operator would). A cluster
    that cannot be connected is a non-terminating error of Connect-RECluster; a test that connects needs the session,
    so it stops here unless -Extra says otherwise.
    #>
    param([Parameter(Mandatory)] $Simulator, [switch] $NoDefault, [hashtable] $Extra = @{})
    if (-not $Extra.ContainsKey('ErrorAction')) { $Extra = $Extra.Clone(); $Extra['ErrorAction'] = 'Stop' }
    Connect-RECluster -Uri $Simulator.Url -Credential $Simulator.Credential -CertificateThumbprint $Simulator.Thumbprint -NoDefault:$NoDefault @Extra
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
    Runs a script in a new pwsh process (-NoProfile -NonInteractive) and returns its exit code and output.
    The script runs as a file, the way Task Scheduler would run it.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 120,
        # A command that runs pwsh, e.g. setpriv with capabilities dropped.
        [string[]] $Prefix = @()
    )
    $file = Join-Path ([IO.Path]::GetTempPath()) ("recert-" + [guid]::NewGuid().ToString('n') + '.ps1')
    Set-Content -LiteralPath $file -Value $Script -Encoding utf8
    try {
        $pwsh = Get-PwshCommand
        $command = @($Prefix) + $pwsh
        $start = [Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($part in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file)) { $start.ArgumentList.Add($part) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.RedirectStandardInput = $true
        $start.Environment['RECERT_MODULE_PATH'] = (Get-RETestPath).Module
        foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string]$Environment[$name] }
        $process = [Diagnostics.Process]::Start($start)
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) { $process.Kill($true); throw "The child pwsh did not finish within $TimeoutSeconds s." }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; ErrorOutput = $stderr.Result }
    }
    finally {
        Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue
    }
}

function New-RETestCertificate {
    <#
    .SYNOPSIS
    Makes a certificate with .NET's CertificateRequest: self-signed, or signed by -Issuer (an object this returns).
    .OUTPUTS
    An object with Certificate (X509Certificate2 with key), CertificatePem, KeyPem, and Key (the .NET key).
    #>
    [CmdletBinding()]
    param(
        # The simulator's cluster name by default, so the certificates fit the cluster they are sent to (the name check).
        [string] $Subject = 'CN=cluster.local',
        [string[]] $DnsName = @('cluster.local', '*.cluster.local', '*.internal.cluster.local'),
        [ValidateSet('RSA', 'ECDSA')] [string] $Algorithm = 'RSA',
        [int] $KeySize = 2048,
        [datetime] $NotBefore = [datetime]::UtcNow.AddDays(-1),
        [datetime] $NotAfter = [datetime]::UtcNow.AddDays(365),
        $Issuer,
        [switch] $CertificateAuthority,
        [switch] $NoEnhancedKeyUsage,
        [ValidateSet('Pkcs8', 'Pkcs1', 'Sec1')] [string] $KeyFormat = 'Pkcs8'
    )
    $hash = [Security.Cryptography.HashAlgorithmName]::SHA256
    if ($Algorithm -eq 'RSA') {
        $key = [Security.Cryptography.RSA]::Create($KeySize)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, $hash, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
    }
    else {
        $curve = switch ($KeySize) { 384 { [Security.Cryptography.ECCurve+NamedCurves]::nistP384 } 521 { [Security.Cryptography.ECCurve+NamedCurves]::nistP521 } default { [Security.Cryptography.ECCurve+NamedCurves]::nistP256 } }
        $key = [Security.Cryptography.ECDsa]::Create($curve)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new($Subject, $key, $hash)
    }
    $extensions = $request.CertificateExtensions
    if ($CertificateAuthority) {
        $extensions.Add([Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
        $extensions.Add([Security.Cryptography.X509Certificates.X509KeyUsageExtension]::new('KeyCertSign, CrlSign', $true))
    }
    else {
        if ($DnsName) {
            $san = [Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
            foreach ($name in $DnsName) { $san.AddDnsName($name) }
            $extensions.Add($san.Build())
        }
        if (-not $NoEnhancedKeyUsage) {
            $usages = [Security.Cryptography.OidCollection]::new()
            $null = $usages.Add([Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.1'))
            $null = $usages.Add([Security.Cryptography.Oid]::new('1.3.6.1.5.5.7.3.2'))
            $extensions.Add([Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($usages, $false))
        }
    }
    $extensions.Add([Security.Cryptography.X509Certificates.X509SubjectKeyIdentifierExtension]::new($request.PublicKey, $false))

    if ($Issuer) {
        $serial = [byte[]]::new(16); [Security.Cryptography.RandomNumberGenerator]::Fill($serial); $serial[0] = $serial[0] -band 0x7F
        # The generator form lets an RSA CA sign an ECDSA leaf (and the reverse).
        $generator = if ($Issuer.Key -is [Security.Cryptography.RSA]) {
            [Security.Cryptography.X509Certificates.X509SignatureGenerator]::CreateForRSA($Issuer.Key, [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        }
        else { [Security.Cryptography.X509Certificates.X509SignatureGenerator]::CreateForECDsa($Issuer.Key) }
        $signed = $request.Create($Issuer.Certificate.SubjectName, $generator, [DateTimeOffset]$NotBefore, [DateTimeOffset]$NotAfter, $serial)
        $certificate = if ($Algorithm -eq 'RSA') { [Security.Cryptography.X509Certificates.RSACertificateExtensions]::CopyWithPrivateKey($signed, $key) } else { [Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::CopyWithPrivateKey($signed, $key) }
    }
    else {
        $certificate = $request.CreateSelfSigned([DateTimeOffset]$NotBefore, [DateTimeOffset]$NotAfter)
    }
    $keyPem = switch ($KeyFormat) {
        'Pkcs1' { $key.ExportRSAPrivateKeyPem() }
        'Sec1' { $key.ExportECPrivateKeyPem() }
        default { $key.ExportPkcs8PrivateKeyPem() }
    }
    [pscustomobject]@{
        Certificate    = $certificate
        CertificatePem = $certificate.ExportCertificatePem()
        KeyPem         = $keyPem
        Key            = $key
        Thumbprint     = $certificate.Thumbprint
        Subject        = $certificate.Subject
    }
}

function New-RETestChain {
    <# A root CA, an intermediate CA and a leaf; ChainPem is leaf then intermediate, the way a cluster holds it. #>
    param([string] $LeafSubject = 'CN=proxy.cluster.local', [string[]] $DnsName = @('proxy.cluster.local', '*.cluster.local', '*.internal.cluster.local'), [ValidateSet('RSA', 'ECDSA')] [string] $Algorithm = 'RSA', [datetime] $NotAfter = [datetime]::UtcNow.AddDays(365))
    $root = New-RETestCertificate -Subject 'CN=RECertificates Test Root CA' -CertificateAuthority -NotAfter ([datetime]::UtcNow.AddDays(3650))
    $intermediate = New-RETestCertificate -Subject 'CN=RECertificates Test Intermediate CA' -CertificateAuthority -Issuer $root -NotAfter ([datetime]::UtcNow.AddDays(1825))
    $leafParameters = @{ Subject = $LeafSubject; DnsName = $DnsName; Issuer = $intermediate; Algorithm = $Algorithm; NotAfter = $NotAfter }
    if ($Algorithm -eq 'ECDSA') { $leafParameters.KeySize = 256 }
    $leaf = New-RETestCertificate @leafParameters
    [pscustomobject]@{
        Root         = $root
        Intermediate = $intermediate
        Leaf         = $leaf
        ChainPem     = $leaf.CertificatePem.TrimEnd() + "`n" + $intermediate.CertificatePem.TrimEnd() + "`n"
        KeyPem       = $leaf.KeyPem
    }
}

function Save-REOlderExtensionAssembly {
    <#
    .SYNOPSIS
    Restores OLDER Microsoft.Extensions.* (6.0, strong-named like the module's 8.0) from NuGet through the SDK and
    copies them into one folder, to play another module that loaded its own copies. Returns the folder.
    .PARAMETER Framework
    Which build of the packages: net6.0 for PowerShell 7, net461 for Windows PowerShell 5.1 (netstandard2.0 where
    a package has no such build).
    #>
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [ValidateSet('net6.0', 'net461')] [string] $Framework = 'net6.0',
        [string[]] $Name = @('Microsoft.Extensions.Primitives', 'Microsoft.Extensions.DependencyInjection.Abstractions', 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Options'),
        [string] $Version = '6.0.0'
    )
    $restore = Join-Path $Path 'restore'
    $null = New-Item -ItemType Directory -Path $restore -Force
    $downloads = ($Name | ForEach-Object { "<PackageDownload Include=""$_"" Version=""[$Version]"" />" }) -join "`n"
    Set-Content -LiteralPath (Join-Path $restore 'Older.csproj') -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>$downloads</ItemGroup>
</Project>
"@
    $packages = Join-Path $restore 'packages'
    $output = & dotnet restore (Join-Path $restore 'Older.csproj') "-p:RestorePackagesPath=$packages" --nologo -v quiet 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Restoring the older Microsoft.Extensions packages failed: $output" }
    $folder = Join-Path $Path 'assemblies'
    $null = New-Item -ItemType Directory -Path $folder -Force
    foreach ($assembly in $Name) {
        $lib = Join-Path $packages "$($assembly.ToLowerInvariant())/$Version/lib"
        $build = @($Framework, 'netstandard2.0') | Where-Object { Test-Path (Join-Path $lib "$_/$assembly.dll") } | Select-Object -First 1
        if (-not $build) { throw "The $assembly $Version package has no $Framework or netstandard2.0 build." }
        Copy-Item -LiteralPath (Join-Path $lib "$build/$assembly.dll") -Destination $folder
    }
    $folder
}

Export-ModuleMember -Function *-RE*, Get-PwshCommand, Invoke-FreshPwsh
