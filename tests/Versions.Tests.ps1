# Cluster versions against the simulator in its version modes: the version read at connect, the refusals that
# come before anything is sent, the known defects worked around (RS199373, RS208996), and idempotence.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force

    $script:root = New-RETestCertificate -Subject 'CN=Version Tests Root CA' -CertificateAuthority -NotAfter ([datetime]::UtcNow.AddDays(3650))
    function New-Leaf {
        param([string] $Name, [hashtable] $Options = @{})
        $leaf = New-RETestCertificate -Subject "CN=$Name.cluster.local" -DnsName "$Name.cluster.local", '*.cluster.local', '*.internal.cluster.local' -Issuer $script:root @Options
        # Leaf and root: a complete chain, so no test here meets the incomplete-chain warning by accident.
        [pscustomobject]@{ ChainPem = $leaf.CertificatePem.TrimEnd() + "`n" + $script:root.CertificatePem; KeyPem = $leaf.KeyPem; Thumbprint = $leaf.Thumbprint }
    }
    function Get-Writes($Simulator) { @(Get-RESimulatorRequest $Simulator -Write) }
    function Get-WrittenName($Request) { ($Request.body | ConvertFrom-Json).certificates.name }
    function Get-Completion([string] $InputScript) {
        @((TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches.CompletionText)
    }
    # The keys the simulator stores, straight from the REST API (an admin sees them).
    function Get-StoredKey($Simulator, [string] $Name) {
        $held = Invoke-RestMethod -Uri "$($Simulator.Url)/v1/cluster/certificates" -Credential $Simulator.Credential -Authentication Basic -SkipCertificateCheck
        $held."$($Name)_key"
    }
    $script:folders = [Collections.Generic.List[string]]::new()
    function New-TestFolder {
        $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('version-tests-' + [guid]::NewGuid().ToString('n')))).FullName
        $script:folders.Add($folder)
        $folder
    }
    # -WhatIf writes to the host, which only a separate process's output shows.
    function Invoke-WhatIfChild($Simulator, [string] $Command) {
        Invoke-FreshPwsh -Script @"
Import-Module `$env:RECERT_MODULE_PATH
`$credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
`$null = Connect-RECluster -Uri '$($Simulator.Url)' -Credential `$credential -CertificateThumbprint '$($Simulator.Thumbprint)'
$Command
"@
    }
    $script:simulators = [Collections.Generic.List[object]]::new()
    # A simulator with a session of its own (not the default), stopped after all tests.
    function Start-VersionSimulator([string[]] $ArgumentList) {
        $started = Start-RESimulator -ArgumentList $ArgumentList
        $script:simulators.Add($started)
        $started | Add-Member -NotePropertyName Session -NotePropertyValue (Connect-RETestCluster $started -NoDefault) -PassThru
    }
}

AfterAll {
    $script:simulators | Stop-RESimulator
    $script:folders | ForEach-Object { Remove-Item -LiteralPath $_ -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'Connect-RECluster reads the cluster version' {
    BeforeAll {
        $script:mixed = Start-VersionSimulator '--version', '8.0.20-96', '--node-version', '2=7.22.2-179'
    }

    It 'keeps the lowest software_version of the nodes, read after the login succeeded' {
        Clear-RESimulatorRequest $mixed
        $session = Connect-RETestCluster $mixed -NoDefault -Extra @{ Verbose = $true } 4>&1 | Tee-Object -Variable output | Where-Object { $_ -is [RECertificates.RESession] }
        $session.ClusterVersion | Should -Be '7.22.2-179'
        @(Get-RESimulatorRequest $mixed).path | Should -Be @('/v1/cluster', '/v1/nodes')
        "$($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] })" | Should -BeLike '*runs Redis Enterprise 7.22.2-179 (the lowest software_version of its 3 node(s))*'
    }

    It 'shows the version in the session view' {
        $session = Connect-RETestCluster $mixed -NoDefault
        $text = $session | Format-Table | Out-String -Width 250
        $text | Should -BeLike '*Version*'
        $text | Should -BeLike '*7.22.2-179*'
    }

    It 'a failed login still costs exactly one request' {
        Clear-RESimulatorRequest $mixed
        $bad = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force))
        { Connect-RECluster -Uri $mixed.Url -Credential $bad -CertificateThumbprint $mixed.Thumbprint -NoDefault -ErrorAction Stop } | Should -Throw
        $requests = @(Get-RESimulatorRequest $mixed)
        $requests.Count | Should -Be 1
        $requests[0].path | Should -Be '/v1/cluster'
        $requests[0].status | Should -Be 401
        $null = Invoke-RESimulatorControl $mixed 'unlock' -Method POST
    }

    It 'leaves the version unknown, with a verbose note, when a node reports none the module can read' {
        $odd = Start-VersionSimulator '--node-version', '3=nightly'
        $output = Connect-RETestCluster $odd -NoDefault -Extra @{ Verbose = $true } 4>&1
        $session = $output | Where-Object { $_ -is [RECertificates.RESession] }
        $session.ClusterVersion | Should -BeNullOrEmpty
        "$($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] })" | Should -BeLike "*version of cluster.local*is unknown: node 3 reports software_version 'nightly'*"
        ($session | Format-Table | Out-String -Width 250) | Should -BeLike '*unknown*'
    }
}

Describe 'Version rules, before anything is sent' {
    BeforeAll {
        $script:old = Start-VersionSimulator '--version', '7.4.2-54'
        $script:current = Start-VersionSimulator '--version', '7.22.2-54'
        $script:newer = Start-VersionSimulator '--version', '8.0.20-96'
    }
    BeforeEach {
        $old, $current, $newer | ForEach-Object { Clear-RESimulatorRequest $_ }
        $script:dir = New-TestFolder
    }

    It 'refuses Set-RECertificate on a cluster older than 7.22.2, naming the version and Update-RECertificateLegacy' {
        $proxy = New-Leaf proxy
        Set-RECertificate (Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)) -Session $old.Session -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ClusterVersionTooOld,RECertificates.Commands.SetRECertificateCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        "$($failures[0])" | Should -BeLike '*7.4.2-54*older than 7.22.2*Update-RECertificateLegacy*Nothing was sent*'
        @(Get-RESimulatorRequest $old).Count | Should -Be 0 -Because 'the refusal comes from the version read at connect'
    }

    It 'refuses a name newer than the cluster for <Command>, and sends none of the set' -ForEach @(
        @{ Command = 'Set-RECertificate'; Version = '7.22.2-54'; Name = 'sso_service' }
        @{ Command = 'Update-RECertificateLegacy'; Version = '7.4.2-54'; Name = 'mtls_trusted_ca' }
    ) {
        $target = if ($Version -eq '7.4.2-54') { $old } else { $current }
        $targetSession = if ($Version -eq '7.4.2-54') { $old.Session } else { $current.Session }
        $proxy = New-Leaf proxy
        $newName = New-Leaf $Name
        $text = if ($Name -eq 'mtls_trusted_ca') { $newName.ChainPem } else { $newName.ChainPem + $newName.KeyPem }
        $path = Write-RETestPem $dir "$Name.pem" $text
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        & $Command -Path (Join-Path $dir '*.pem') -Session $targetSession -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $refusal = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'CertificateNotSupported,*' })
        $refusal.Count | Should -Be 1
        $refusal[0].TargetObject | Should -Be $path
        $refusal[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        "$($refusal[0])" | Should -BeLike "*runs Redis Enterprise $Version*'$Name' exists only from version*"
        (Get-Writes $target).Count | Should -Be 0
    }

    It 'sends a name the module does not know, with a warning, and lets the cluster decide' {
        $future = New-Leaf future
        # Named with -Name: a name the module does not know is sent only when given on purpose (from a file name it is
        # UnknownCertificateName).
        Set-RECertificate (Write-RETestPem $dir future_feature.pem ($future.ChainPem + $future.KeyPem)) -Name future_feature -Session $newer.Session -Force -WarningVariable warnings -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        "$warnings" | Should -BeLike "*'future_feature' is not a certificate name this module knows*"
        $writes = Get-Writes $newer
        $writes.Count | Should -Be 1
        $writes[0].status | Should -Be 403
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'UnknownCertificate,*'
    }

    It 'offers in tab completion only the names the cluster version has' {
        $global:REVersionTestSession = $current.Session
        $global:REVersionNewerSession = $newer.Session
        $global:REVersionOldSession = $old.Session
        try {
            Get-Completion 'Set-RECertificate -Session $REVersionTestSession -Name ss' | Should -BeNullOrEmpty -Because '7.22.2 has no sso names'
            Get-Completion 'Set-RECertificate -Session $REVersionNewerSession -Name ss' | Should -Be @('sso_issuer', 'sso_service')
            Get-Completion 'Update-RECertificateLegacy -Session $REVersionOldSession -Name ' |
                Should -Be @('api', 'cm', 'ldap_client', 'metrics_exporter', 'proxy', 'syncer')
        }
        finally { Remove-Variable REVersionTestSession, REVersionNewerSession, REVersionOldSession -Scope Global }
    }
}

Describe 'An unknown version' {
    It 'behaves as before versions were read: the cluster decides, and its 404 says to use Update-RECertificateLegacy' {
        $unknown = Start-VersionSimulator '--version', '7.4.2-54', '--node-version', '1=nightly'
        $unknown.Session.ClusterVersion | Should -BeNullOrEmpty
        $dir = New-TestFolder
        $sso = New-Leaf sso_service
        Set-RECertificate (Write-RETestPem $dir sso_service.pem ($sso.ChainPem + $sso.KeyPem)) -Session $unknown.Session -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'EndpointNotSupported,RECertificates.Commands.SetRECertificateCommand'
        (Get-Writes $unknown).status | Should -Be @(404)
    }
}

Describe 'RS199373: ccs_internode_encryption goes alone on affected versions' {
    BeforeAll {
        $script:affected = Start-VersionSimulator '--version', '7.22.2-54'
        $script:fixedSim = Start-VersionSimulator '--version', '8.0.20-96'
    }
    BeforeEach {
        $affected, $fixedSim | ForEach-Object { Clear-RESimulatorRequest $_ }
        $script:dir = New-TestFolder
        $script:ccs = New-Leaf ccs_internode_encryption
        $script:proxy = New-Leaf proxy
        Write-RETestPem $dir ccs_internode_encryption.pem ($ccs.ChainPem + $ccs.KeyPem)
        Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
    }

    It 'the simulator really corrupts the pairs of a mixed request (so the next test means something)' {
        $body = @{ certificates = @(
                @{ name = 'ccs_internode_encryption'; certificate = $ccs.ChainPem; key = $ccs.KeyPem }
                @{ name = 'proxy'; certificate = $proxy.ChainPem; key = $proxy.KeyPem }
            ) } | ConvertTo-Json -Depth 5
        $null = Invoke-RestMethod -Uri "$($affected.Url)/v1/cluster/certificates" -Method Put -Body $body -ContentType 'application/json' -Credential $affected.Credential -Authentication Basic -SkipCertificateCheck
        (Get-StoredKey $affected proxy).Trim() | Should -Not -Be $proxy.KeyPem.Trim()
        (Get-StoredKey $affected proxy).Trim() | Should -Be $ccs.KeyPem.Trim()
    }

    It 'sends the others first, then ccs_internode_encryption in a request of its own; every pair stays intact' {
        Set-RECertificate -Path (Join-Path $dir '*.pem') -Session $affected.Session -Force -Verbose -WarningAction SilentlyContinue 4>&1 | Tee-Object -Variable verbose | Out-Null
        $writes = Get-Writes $affected
        $writes.Count | Should -Be 2
        $writes.status | Should -Be @(200, 200)
        Get-WrittenName $writes[0] | Should -Be @('proxy')
        Get-WrittenName $writes[1] | Should -Be @('ccs_internode_encryption')
        (Get-StoredKey $affected proxy).Trim() | Should -Be $proxy.KeyPem.Trim()
        (Get-StoredKey $affected ccs_internode_encryption).Trim() | Should -Be $ccs.KeyPem.Trim()
        "$verbose" | Should -BeLike "*'ccs_internode_encryption' goes in a request of its own, after the others, because of known defect RS199373*"
    }

    It 'says so under -WhatIf, naming the defect, and sends nothing' {
        $child = Invoke-WhatIfChild $affected "Set-RECertificate -Path '$(Join-Path $dir '*.pem')' -WhatIf"
        $child.ExitCode | Should -Be 0 -Because $child.ErrorOutput
        $text = $child.Output -replace '\s+', ' '
        $text | Should -BeLike "*What if: 'ccs_internode_encryption' goes in a request of its own, after the others, because of known defect RS199373*"
        $text | Should -BeLike "*What if: Replace certificate 'proxy'*"
        (Get-Writes $affected).Count | Should -Be 0
    }

    It 'sends one request on a fixed version' {
        Set-RECertificate -Path (Join-Path $dir '*.pem') -Session $fixedSim.Session -Force -WarningAction SilentlyContinue
        $writes = Get-Writes $fixedSim
        $writes.Count | Should -Be 1
        Get-WrittenName $writes[0] | Should -Be @('ccs_internode_encryption', 'proxy')
    }

    It 'says what was already applied when the internode request fails' {
        # An ECDSA internode key is only a warning here; the cluster refuses it (400).
        $ecdsa = New-Leaf ccs_internode_encryption @{ Algorithm = 'ECDSA'; KeySize = 256 }
        Write-RETestPem $dir ccs_internode_encryption.pem ($ecdsa.ChainPem + $ecdsa.KeyPem)
        Set-RECertificate -Path (Join-Path $dir '*.pem') -Session $affected.Session -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        (Get-Writes $affected).status | Should -Be @(200, 400)
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be 'ccs_internode_encryption'
        "$($failures[0])" | Should -BeLike "*Stopped at 'ccs_internode_encryption'. Already replaced on cluster 'cluster.local': 'proxy'. Not replaced: 'ccs_internode_encryption'.*"
        Get-RESimulatorThumbprint $affected proxy | Should -Be (@($proxy.Thumbprint) * 3)
    }
}

Describe 'RS208996: waiting for the REST API after an internode change' {
    It 'waits until the API answers again before reading back, on an affected version' {
        $sim = Start-VersionSimulator '--version', '8.0.20-68', '--internode-outage-seconds', '5'
        $session = $sim.Session
        $dir = New-TestFolder
        $data = New-Leaf data_internode_encryption
        Clear-RESimulatorRequest $sim
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $output = Set-RECertificate (Write-RETestPem $dir data_internode_encryption.pem ($data.ChainPem + $data.KeyPem)) -Session $session -Force -PassThru -Verbose 4>&1
        $watch.Stop()
        $certificate = $output | Where-Object { $_ -is [RECertificates.RECertificate] }
        $certificate.Thumbprint | Should -Be $data.Thumbprint
        "$($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] })" | Should -BeLike '*Waiting up to 10 minutes for the REST API*RS208996*answers again*'
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 4
        $requests = @(Get-RESimulatorRequest $sim)
        @($requests | Where-Object { $_.path -eq '/v1/cluster' -and $_.status -eq 0 }).Count | Should -BeGreaterThan 0 -Because 'the API was down for a while'
        $requests[-1].path | Should -Be '/v1/cluster/certificates'
        $requests[-1].status | Should -Be 200
    }

    It 'stops waiting at once on Ctrl+C, the change already made' {
        $sim = Start-VersionSimulator '--version', '7.22.2-54', '--internode-outage-seconds', '300'
        $dir = New-TestFolder
        $data = New-Leaf data_internode_encryption
        $path = Write-RETestPem $dir data_internode_encryption.pem ($data.ChainPem + $data.KeyPem)
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Get-RETestPath).Module).AddStatement()
            $null = $shell.AddCommand('Set-RECertificate').AddParameter('LiteralPath', $path).AddParameter('Session', $sim.Session).AddParameter('Force')
            $async = $shell.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not @(Get-RESimulatorRequest $sim | Where-Object { $_.path -eq '/v1/cluster' -and $_.status -eq 0 }) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            $async.IsCompleted | Should -BeFalse -Because 'it waits for the API the outage took away'
            $stopwatch = [Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $stopwatch.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 30
            Get-RESimulatorThumbprint $sim data_internode_encryption | Should -Be (@($data.Thumbprint) * 3)
        }
        finally { $shell.Dispose() }
    }

    It 'does not wait on a fixed version' {
        $sim = Start-VersionSimulator '--version', '8.0.20-96', '--internode-outage-seconds', '30'
        $session = $sim.Session
        $dir = New-TestFolder
        $data = New-Leaf data_internode_encryption
        Clear-RESimulatorRequest $sim
        Set-RECertificate (Write-RETestPem $dir data_internode_encryption.pem ($data.ChainPem + $data.KeyPem)) -Session $session -Force -PassThru | Out-Null
        @(Get-RESimulatorRequest $sim).path | Should -Be @('/v1/cluster/certificates', '/v1/cluster/certificates', '/v1/cluster/certificates')
    }
}

Describe 'Identical certificates are not sent again' {
    BeforeAll {
        $script:sim = Start-VersionSimulator '--version', '8.0.20-96'
        $script:session = $sim.Session
        $script:dir = New-TestFolder
        $script:proxy = New-Leaf proxy
        $script:cm = New-Leaf cm
        $script:proxyPath = Write-RETestPem $dir proxy.pem ($proxy.ChainPem + $proxy.KeyPem)
        Set-RECertificate $proxyPath -Session $session -Force -WarningAction SilentlyContinue
    }
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'sends nothing, writes no reminder and succeeds, twice in a row' {
        foreach ($run in 1..2) {
            Set-RECertificate $proxyPath -Session $session -Force -WarningVariable warnings -ErrorVariable failures -Verbose 4>&1 | Tee-Object -Variable verbose | Out-Null
            $failures.Count | Should -Be 0
            $warnings.Count | Should -Be 0 -Because 'no reminder when nothing changed'
            "$verbose" | Should -BeLike "*Certificate 'proxy' on cluster 'cluster.local' is unchanged*skipped, not sent*"
        }
        (Get-Writes $sim).Count | Should -Be 0
    }

    It 'still emits the certificate with -PassThru' {
        $passed = Set-RECertificate $proxyPath -Session $session -Force -PassThru
        $passed.Name | Should -Be 'proxy'
        $passed.Thumbprint | Should -Be $proxy.Thumbprint
        (Get-Writes $sim).Count | Should -Be 0
    }

    It 'says "unchanged" under -WhatIf' {
        $child = Invoke-WhatIfChild $sim "Set-RECertificate -LiteralPath '$proxyPath' -WhatIf"
        $child.ExitCode | Should -Be 0 -Because $child.ErrorOutput
        ($child.Output -replace '\s+', ' ') | Should -BeLike "*What if: Certificate 'proxy' on cluster 'cluster.local' is unchanged*It would not be sent.*"
        (Get-Writes $sim).Count | Should -Be 0
    }

    It 'sends only what changed; -PassThru emits both' {
        $cmPath = Write-RETestPem $dir cm.pem ($cm.ChainPem + $cm.KeyPem)
        $passed = Set-RECertificate $proxyPath, $cmPath -Session $session -Force -PassThru
        $writes = Get-Writes $sim
        $writes.Count | Should -Be 1
        Get-WrittenName $writes[0] | Should -Be @('cm')
        $passed.Name | Should -Be @('cm', 'proxy')
        Remove-Item -LiteralPath $cmPath
    }

    It 'does the same for Update-RECertificateLegacy' {
        Update-RECertificateLegacy $proxyPath -Session $session -Force -WarningAction SilentlyContinue
        (Get-Writes $sim).Count | Should -Be 0
    }
}
