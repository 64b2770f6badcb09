# Every example of every help page runs. The code blocks of each '### Example' in docs/en-US/<Verb>-<Noun>.md are
# run in a fresh runspace against simulators named as the examples name their clusters, with what cannot be typed
# here substituted: the cluster addresses and pins (a Connect-RECluster in front of the module's maps them), the
# credential (Get-Credential, Read-Host), and Windows paths (C:\... and .\... become folders of a temp copy that holds
# real certificate files made for those clusters). An example fails when it writes an error or throws; where it shows
# its output (```Output), the columns (or list labels) shown must be those PowerShell prints. An example that cannot
# run here is listed, with why, in tests/HelpExamples.skip.psd1. A new page is picked up without any change here.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../tools/HelpMarkdown.ps1')
    $list = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'HelpExamples.skip.psd1')
    $skip = $list.Skip
    $expectedErrors = $list.ExpectedErrors
    $pages = foreach ($file in Get-ChildItem -Path (Join-Path $PSScriptRoot '../docs/en-US') -Filter '*-*.md' | Sort-Object Name) {
        $page = Read-HelpMarkdown -Path $file.FullName
        $number = 0
        $examples = foreach ($example in $page.Examples) {
            $number++
            $reason = if ($skip.ContainsKey($page.Name) -and $skip[$page.Name].ContainsKey($number)) { $skip[$page.Name][$number] } else { $null }
            $errorIds = if ($expectedErrors.ContainsKey($page.Name) -and $expectedErrors[$page.Name].ContainsKey($number)) { @($expectedErrors[$page.Name][$number]) } else { @() }
            @{ Page = $page.Name; Number = $number; Title = $example.Title; Script = $example.Script; Output = @($example.Output); SkipReason = $reason; ExpectedErrorIds = $errorIds }
        }
        @{ Name = $page.Name; Examples = @($examples) }
    }
    $skipEntries = foreach ($table in $skip, $expectedErrors) {
        foreach ($name in $table.Keys) {
            foreach ($number in $table[$name].Keys) { @{ Page = $name; Number = $number; Reason = "$($table[$name][$number])" } }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    . (Join-Path $PSScriptRoot '../tools/HelpMarkdown.ps1')

    # The clusters the examples name. cluster3 and the address 10.0.4.17 are cluster2 again: no example writes to them.
    $script:clusters = [ordered]@{
        'cluster1.example.com' = Start-RESimulator -ClusterName 'cluster1.example.com'
        'cluster2.example.com' = Start-RESimulator -ClusterName 'cluster2.example.com'
        'legacy1.example.com'  = Start-RESimulator -ClusterName 'legacy1.example.com' -ArgumentList '--version', '7.4.6-22'
    }
    $script:aliases = @{ 'cluster3.example.com' = 'cluster2.example.com'; '10.0.4.17' = 'cluster2.example.com' }
    $script:filePassword = 'Passw0rd!'
    # Examples that run Import-Module -Name RECertificates find the built module, as an installed one would be found.
    $script:originalModulePath = $env:PSModulePath
    $env:PSModulePath = (Split-Path (Get-RETestPath).Module -Parent) + [IO.Path]::PathSeparator + $env:PSModulePath

    # Certificates made for these clusters: one leaf names all three, so a copy between them fits each.
    $dnsNames = foreach ($name in $clusters.Keys) { $name; "*.$name" }
    $root = New-RETestCertificate -Subject 'CN=Example Root CA' -CertificateAuthority -NotAfter ([datetime]::UtcNow.AddDays(3650))
    $issuer = New-RETestCertificate -Subject 'CN=Example Issuing CA' -CertificateAuthority -Issuer $root -NotAfter ([datetime]::UtcNow.AddDays(1825))
    $newLeaf = { param($Subject, $Names) New-RETestCertificate -Subject $Subject -DnsName $Names -Issuer $issuer }
    $proxy = & $newLeaf 'CN=cluster1.example.com' $dnsNames
    $syncer = & $newLeaf 'CN=cluster1.example.com' $dnsNames
    $ldap = & $newLeaf 'CN=ldap-client.example.com' @('ldap-client.example.com')
    $script:sso = & $newLeaf 'CN=sso.cluster1.example.com' @('sso.cluster1.example.com')
    $otherCluster = & $newLeaf 'CN=cluster2.example.com' @('cluster2.example.com', '*.cluster2.example.com')
    $balancer = & $newLeaf 'CN=redis.lb.example.com' @('redis.lb.example.com')
    $script:chainOf = { param($Leaf) $Leaf.CertificatePem.TrimEnd() + "`n" + $issuer.CertificatePem.TrimEnd() + "`n" }
    $script:seed = @{
        proxy_cert = & $chainOf $proxy; proxy_key = $proxy.KeyPem
        syncer_cert = & $chainOf $syncer; syncer_key = $syncer.KeyPem
        ldap_client_cert = & $chainOf $ldap; ldap_client_key = $ldap.KeyPem
        mtls_trusted_ca_cert = $null; sso_issuer_cert = $null
    }

    # The folder every example starts in (copied afresh for each): what the examples read, in the places they name.
    $script:work = Join-Path ([IO.Path]::GetTempPath()) ('recert-examples-' + [guid]::NewGuid().ToString('n'))
    $script:template = Join-Path $work 'template'
    $write = {
        param([string] $RelativePath, $Content)
        $path = Join-Path $template $RelativePath
        $null = New-Item -ItemType Directory -Path (Split-Path $path -Parent) -Force
        if ($Content -is [byte[]]) { [IO.File]::WriteAllBytes($path, $Content) } else { [IO.File]::WriteAllText($path, $Content) }
    }
    foreach ($folder in '.', 'C/certs/cluster1', 'C/certs/legacy1', 'issued', 'C/Certificates', 'C/Backups/cluster1.example.com/20261129T031500Z') {
        & $write (Join-Path $folder 'proxy.pem') (& $chainOf $proxy)
        & $write (Join-Path $folder 'proxy.key') $proxy.KeyPem
        if ($folder -notlike 'C/Backups*' -and $folder -ne 'C/Certificates') {
            & $write (Join-Path $folder 'syncer.pem') (& $chainOf $syncer)
            & $write (Join-Path $folder 'syncer.key') $syncer.KeyPem
        }
    }
    & $write 'ldap.crt' (& $chainOf $ldap); & $write 'ldap.key' $ldap.KeyPem
    & $write 'sso.crt' (& $chainOf $sso); & $write 'sso.key' $sso.KeyPem
    $bundle = [Security.Cryptography.X509Certificates.X509Certificate2Collection]::new()
    $null = $bundle.Add($proxy.Certificate); $null = $bundle.Add([Security.Cryptography.X509Certificates.X509Certificate2]::new($issuer.Certificate.RawData))
    $pfx = $bundle.Export([Security.Cryptography.X509Certificates.X509ContentType]::Pkcs12, $filePassword)
    & $write 'proxy.pfx' $pfx; & $write 'C/certs/proxy.pfx' $pfx
    $winAcme = 'C/ProgramData/win-acme/pem'
    & $write "$winAcme/proxy.cluster1.example.com-chain.pem" (& $chainOf $proxy)
    & $write "$winAcme/proxy.cluster1.example.com-crt.pem" $proxy.CertificatePem
    & $write "$winAcme/proxy.cluster1.example.com-chain-only.pem" $issuer.CertificatePem
    & $write "$winAcme/proxy.cluster1.example.com-key.pem" $proxy.KeyPem
    & $write 'clusters.txt' "cluster1.example.com`ncluster2.example.com`n"
    foreach ($folder in 'C/Renewal', 'C/Reports', 'C/CertificateCopies', 'C/RECertificates') { $null = New-Item -ItemType Directory -Path (Join-Path $template $folder) -Force }
    $script:credential = $clusters['cluster1.example.com'].Credential
    $credential | Export-Clixml -Path (Join-Path $template 'cluster-credential.xml')
    $credential | Export-Clixml -Path (Join-Path $template 'C/RECertificates/cluster-credential.xml')
    # Files only some examples use: kept out of the folder the others glob with *.pem.
    $script:extraFiles = @{
        'Set-RECertificate#4'        = @{ 'redis-proxy-2026.pem' = (& $chainOf $proxy); 'redis-proxy-2026.key' = $proxy.KeyPem }
        'Set-RECertificate#5'        = @{ 'client-ca.pem' = $root.CertificatePem }
        'New-RECertificateRequest#3' = @{ 'ca.pem' = $issuer.CertificatePem; 'ca.key' = $issuer.KeyPem }
        # It writes proxy.key and proxy.csr into the current folder, as a user would into an empty one.
        'New-RECertificateRequest#2' = @{ 'proxy.key' = $null; 'proxy.pem' = $null }
        # A certificate made for another cluster (refused by the name check) and one for a load balancer's name.
        'Set-RECertificate#13'       = @{ 'cluster2/proxy.pem' = (& $chainOf $otherCluster) + $otherCluster.KeyPem; 'lb/proxy.pem' = (& $chainOf $balancer) + $balancer.KeyPem }
        'Set-RECertificate#14'       = @{ 'ldap_client.pem' = (& $chainOf $ldap); 'ldap_client.key' = $ldap.KeyPem }
        'Invoke-RECertificateRenewal#3' = @{
            'C/RECertificates/clusters.txt' = "cluster1.example.com`ncluster2.example.com`n"
            'C/RECertificates/ca.pem' = $issuer.CertificatePem; 'C/RECertificates/ca.key' = $issuer.KeyPem
            'C/RECertificates/Issue.ps1' = @'
param($request)
$pem = [IO.Path]::ChangeExtension($request.CsrPath, '.pem')
$output = openssl x509 -req -in $request.CsrPath -CA "$PSScriptRoot/ca.pem" -CAkey "$PSScriptRoot/ca.key" -CAcreateserial -days 365 -copy_extensions copy -out $pem 2>&1
if ($LASTEXITCODE -ne 0) { throw "openssl could not sign $($request.CsrPath): $output" }
(Get-Content -Raw $pem) + (Get-Content -Raw "$PSScriptRoot/ca.pem")
'@
        }
    }

    # What runs before each example, in its runspace: the module, the stand-ins and a default session (the pages
    # that follow a Connect-RECluster assume one, and $sessions for those that use several).
    $script:prelude = @'
param($Context)
$global:ExampleContext = $Context
Import-Module $Context.Module
function Get-Credential { param([Parameter(Position = 0)] $UserName, $Message, $Title) $global:ExampleContext.Credential }
function Read-Host { param([Parameter(Position = 0)] $Prompt, [switch] $AsSecureString, [switch] $MaskInput) if ($AsSecureString) { ConvertTo-SecureString $global:ExampleContext.FilePassword -AsPlainText -Force } else { '' } }
function Invoke-Item { param([Parameter(Position = 0)] $Path) }
function Connect-RECluster {
    # Maps the example's cluster addresses (and pins) to the simulators; everything else goes as the example gives it.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)] [string[]] $Uri,
        [pscredential] $Credential, [System.Security.Cryptography.X509Certificates.X509Certificate2] $ClientCertificate,
        [switch] $SkipCertificateCheck, [string[]] $CertificateThumbprint, [int] $TimeoutSec, [int] $MaximumRetryCount,
        [uri] $Proxy, [pscredential] $ProxyCredential, [switch] $NoDefault)
    process {
        $parameters = @{}
        foreach ($key in $PSBoundParameters.Keys) {
            if ($key -notin 'ErrorVariable', 'WarningVariable', 'OutVariable', 'InformationVariable', 'PipelineVariable', 'OutBuffer') { $parameters[$key] = $PSBoundParameters[$key] }
        }
        foreach ($address in $Uri) {
            $name = ($address -replace '^[a-z]+://', '' -replace '[:/].*$', '').ToLowerInvariant()
            $context = $global:ExampleContext
            if ($context.Aliases.ContainsKey($name)) { $name = $context.Aliases[$name] }
            $target = $context.Clusters[$name]
            if (-not $target) { throw "The example connects to '$address', which names no simulated cluster: add it to tests/HelpExamples.Tests.ps1." }
            $parameters.Uri = $target.Url
            if (-not $SkipCertificateCheck) { $parameters.CertificateThumbprint = $target.Thumbprint }
            RECertificates\Connect-RECluster @parameters
        }
    }
}
# The user answers Yes where the example would ask (a runspace has no one to ask).
$global:ConfirmPreference = 'None'
$null = Connect-RECluster -Uri $Context.DefaultCluster -Credential $Context.Credential
$sessions = Connect-RECluster -Uri cluster1.example.com, cluster2.example.com -Credential $Context.Credential -NoDefault
'@

    function Reset-ExampleCluster {
        foreach ($name in $clusters.Keys) {
            $simulator = $clusters[$name]
            $certificates = $seed.Clone()
            if ($name -ne 'legacy1.example.com') { $certificates.sso_service_cert = & $chainOf $sso; $certificates.sso_service_key = $sso.KeyPem }
            Set-RESimulatorCertificate $simulator $certificates
            Clear-RESimulatorFault $simulator
            $null = Invoke-RESimulatorControl $simulator 'unlock' -Method POST
        }
    }

    function ConvertTo-RunnableScript([string] $Script, [string] $Folder) {
        <# Windows paths become paths of the example's folder: C:\x\y -> <folder>/C/x/y, .\x\y -> ./x/y. #>
        $Script = [regex]::Replace($Script, '(?i)(?<![\w\\])C:\\([^\s''"|,;)]*)', { param($m) (Join-Path $Folder 'C') + '/' + ($m.Groups[1].Value -replace '\\', '/') })
        [regex]::Replace($Script, '(?<![\w.\\])\.\\([^\s''"|,;)]*)', { param($m) './' + ($m.Groups[1].Value -replace '\\', '/') })
    }

    function Invoke-HelpExample($Example) {
        Reset-ExampleCluster
        $folder = Join-Path $work ("$($Example.Page)-$($Example.Number)")
        Copy-Item -LiteralPath $template -Destination $folder -Recurse
        $extra = $extraFiles["$($Example.Page)#$($Example.Number)"]
        foreach ($file in @(if ($extra) { $extra.Keys })) {
            $path = Join-Path $folder $file
            if ($null -eq $extra[$file]) { Remove-Item -LiteralPath $path }
            else { $null = New-Item -ItemType Directory -Path (Split-Path $path -Parent) -Force; [IO.File]::WriteAllText($path, $extra[$file]) }
        }

        $context = @{
            Module = (Get-RETestPath).Module; Credential = $credential; FilePassword = $filePassword; Aliases = $aliases
            Clusters = @{}; DefaultCluster = if ($Example.Page -eq 'Update-RECertificateLegacy') { 'legacy1.example.com' } else { 'cluster1.example.com' }
        }
        foreach ($name in $clusters.Keys) { $context.Clusters[$name] = @{ Url = $clusters[$name].Url; Thumbprint = $clusters[$name].Thumbprint } }

        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        try {
            $null = $shell.AddScript($prelude).AddArgument($context).AddStatement()
            $runspace.SessionStateProxy.Path.SetLocation($folder) | Out-Null
            $null = $shell.AddScript((ConvertTo-RunnableScript $Example.Script $folder), $true)
            $failure = $null
            $output = try { @($shell.Invoke()) } catch { $failure = $_.Exception.InnerException ?? $_.Exception; @() }
            [pscustomobject]@{
                Output   = $output
                # A native command's stderr (openssl's progress) arrives as error records in a runspace; its exit code counts.
                Errors   = @($shell.Streams.Error | Where-Object FullyQualifiedErrorId -notlike 'NativeCommandError*' | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
                Failure  = if ($failure) { "$($failure.GetType().Name): $($failure.Message)" } else { $null }
                ExitCode = $runspace.SessionStateProxy.GetVariable('LASTEXITCODE')
            }
        }
        finally {
            $shell.Dispose()
            $runspace.Dispose()
        }
    }

    function Get-ShownColumn([string] $Text) {
        <#
        What output shows: the column labels of each table (the lines above dashes, as one text each), else the
        labels of a list ('Name : value').
        #>
        $lines = @($Text -split "`r?`n" | ForEach-Object TrimEnd)
        $tables = @(for ($i = 0; $i + 1 -lt $lines.Count; $i++) {
                if ($lines[$i + 1] -match '^-[- ]*$' -and $lines[$i].Trim()) { ($lines[$i].Trim() -split '\s+') -join ' ' }
            })
        if ($tables) { return @{ Kind = 'Table'; Labels = $tables } }
        $labels = @($lines | Where-Object { $_ -match '^(\w+)\s*: ' -and $_ -notmatch '^(WARNING|VERBOSE|DEBUG|What if):' } |
            ForEach-Object { ($_ -split ':', 2)[0].Trim() } | Select-Object -Unique)
        if ($labels.Count -ge 2) { return @{ Kind = 'List'; Labels = $labels } }
        $null
    }
}

AfterAll {
    $env:PSModulePath = $originalModulePath
    $clusters.Values | Stop-RESimulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The help examples of <Name>' -ForEach $pages {
    It 'Example <Number> runs: <Title>' -ForEach $Examples {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason; return }
        $result = Invoke-HelpExample $_
        $where = "$Page example $Number ('$Title')"
        $result.Failure | Should -BeNullOrEmpty -Because "$where must run without a terminating error"
        if ($ExpectedErrorIds) {
            @($result.Errors | ForEach-Object { ($_ -split '[,:]', 2)[0] }) | Should -Be $ExpectedErrorIds -Because "$where shows this refusal (tests/HelpExamples.skip.psd1, ExpectedErrors)"
        }
        else {
            $result.Errors | Should -BeNullOrEmpty -Because "$where must run without errors"
        }
        if ($null -ne $result.ExitCode) { $result.ExitCode | Should -Be 0 -Because "$where must not exit with a failure" }

        foreach ($shown in $Output) {
            $expected = Get-ShownColumn $shown
            if (-not $expected) { continue }
            $PSStyle.OutputRendering = 'PlainText'
            # As a console shows it, a command at a time: each run of objects of one type is formatted on its own
            # (in one Out-String, a later type would be forced into the first one's table).
            $runs = [System.Collections.Generic.List[object]]::new()
            foreach ($item in $result.Output) {
                if ($runs.Count -and $runs[-1].Type -eq $item.PSObject.TypeNames[0]) { $runs[-1].Items.Add($item) }
                else { $runs.Add([pscustomobject]@{ Type = $item.PSObject.TypeNames[0]; Items = [System.Collections.Generic.List[object]]::new(@(, $item)) }) }
            }
            $actual = Get-ShownColumn (($runs | ForEach-Object { $_.Items | Out-String -Width 250 }) -join "`n")
            $actual | Should -Not -BeNullOrEmpty -Because "$where shows output, so it must print some"
            $actual.Kind | Should -Be $expected.Kind -Because "$where shows a $($expected.Kind.ToLower())"
            if ($expected.Kind -eq 'Table') {
                # Each table shown must be one PowerShell prints (an example may leave out some of its output).
                foreach ($header in $expected.Labels) { $actual.Labels | Should -Contain $header -Because "$where shows the columns '$header'; PowerShell prints the view's" }
            }
            else {
                $actual.Labels -join ' ' | Should -Be ($expected.Labels -join ' ') -Because "$where shows these labels; PowerShell prints the view's"
            }
        }
    }
}

Describe 'The list of examples that cannot run here' {
    It 'names only examples that exist: <Page> example <Number>' -ForEach $skipEntries {
        $path = Join-Path $PSScriptRoot "../docs/en-US/$Page.md"
        Test-Path -LiteralPath $path | Should -BeTrue -Because "tests/HelpExamples.skip.psd1 names page '$Page'"
        @((Read-HelpMarkdown -Path $path).Examples).Count | Should -BeGreaterOrEqual $Number -Because "tests/HelpExamples.skip.psd1 names example $Number of $Page"
        $Reason | Should -Not -BeNullOrEmpty
    }
}
