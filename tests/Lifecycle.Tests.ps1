# The cluster's own certificate lifecycle against the simulator: Update-REInternalCertificate (-WhatIf, refusals,
# RS200137, 403, 400 retries, lost answers, -Verify), Get/Set-RECertificatePolicy (one and two clusters, -WhatIf,
# validation, -PassThru), Get-RECertificate -IncludeInternal and the report, and the OCSP check and SSO reminder after
# a change.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force

    # 8.0.20: a health report (8.0.16+), SAML names (8.0.6+), and RS200137 (before 8.2.0-46). One retry keeps the 400
    # tests short.
    $script:sim = Start-RESimulator -ArgumentList '--version', '8.0.20-96'
    $script:session = Connect-RETestCluster $sim -Extra @{ MaximumRetryCount = 1 }
    # A cluster without a health report or OCSP endpoints, the second of the fleet tests.
    $script:old = Start-RESimulator -ClusterName 'old.cluster.local' -ArgumentList '--version', '7.22.2-54', '--no-ocsp'
    $script:oldSession = Connect-RETestCluster $old -NoDefault -Extra @{ MaximumRetryCount = 1 }

    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ('recert-lifecycle-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $dir

    function script:Get-Internal($Simulator) {
        # Each node's valid_until per internal certificate, as the simulator holds it.
        (Invoke-RESimulatorControl $Simulator 'lifecycle').nodes
    }

    function script:Set-Lifecycle($Simulator, [hashtable] $Setting) {
        $null = Invoke-RESimulatorControl $Simulator 'lifecycle' -Method POST -Body $Setting
    }

    function script:Get-Post($Simulator, [string] $Path = '/v1/cluster/certificates/rotate') {
        @(Get-RESimulatorRequest $Simulator | Where-Object { $_.method -eq 'POST' -and $_.path -eq $Path })
    }

    function script:Get-Put($Simulator) { @(Get-RESimulatorRequest $Simulator -Write | Where-Object method -eq 'PUT') }

    function script:Reset-Simulator($Simulator) {
        Clear-RESimulatorFault $Simulator
        Set-Lifecycle $Simulator @{ downNodes = @(); rotationUnsupported = $false; ocspFunctionality = $false; ocspStatus = 'GOOD' }
        Clear-RESimulatorRequest $Simulator
    }
}

AfterAll {
    $script:sim, $script:old | Stop-RESimulator
    Remove-Item -LiteralPath $script:dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Update-REInternalCertificate' {
    BeforeEach { Reset-Simulator $sim }

    It 'regenerates every internal certificate with one POST {} and verifies it in the health report' {
        $before = Get-Internal $sim
        $verbose = Update-REInternalCertificate -Force -Verify -Verbose 4>&1 | Out-String
        $posts = Get-Post $sim
        $posts.Count | Should -Be 1
        $posts[0].body | Should -Be '{}'
        $after = Get-Internal $sim
        foreach ($node in 0..2) {
            [datetime]$after[$node].internalCertificates.gossip_ca_signed | Should -BeGreaterThan ([datetime]$before[$node].internalCertificates.gossip_ca_signed)
        }
        $verbose | Should -BeLike '*Verified*later expiry date*'
    }

    It 'sends one request per name, with the name in its body' {
        'gossip_ca_signed', 'mesh_ca_signed' | ForEach-Object { [pscustomobject]@{ Name = $_ } } | Update-REInternalCertificate -Force
        (Get-Post $sim).body | Should -Be @('{"name":"gossip_ca_signed"}', '{"name":"mesh_ca_signed"}')
    }

    It 'stops with ConfirmationRequired in a non-interactive session without -Force, and sends nothing' {
        $script = @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new($env:SIM_USER, (ConvertTo-SecureString $env:SIM_PASSWORD -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_THUMBPRINT
try { Update-REInternalCertificate -WarningAction SilentlyContinue; 'not stopped' }
catch { "ERRORID=$($_.FullyQualifiedErrorId)"; "MESSAGE=$($_.Exception.Message)" }
'@
        $result = Invoke-FreshPwsh -Script $script -Environment @{ SIM_URL = $sim.Url; SIM_THUMBPRINT = $sim.Thumbprint; SIM_USER = $sim.Credential.UserName; SIM_PASSWORD = $sim.Credential.GetNetworkCredential().Password }
        $result.Output | Should -BeLike '*ERRORID=ConfirmationRequired,*' -Because $result.ErrorOutput
        $result.Output | Should -BeLike '*-Force*'
        Get-Post $sim | Should -BeNullOrEmpty
    }

    It 'reports a 403 as InternalRotationNotSupported, with what it means' {
        Set-Lifecycle $sim @{ rotationUnsupported = $true }
        Update-REInternalCertificate -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InternalRotationNotSupported,*'
        "$($failed[0])" | Should -BeLike '*unsupported internal certificate rotation*Set-RECertificate*'
        (Get-Post $sim).Count | Should -Be 1
    }

    It 'refuses with KnownDefect (RS200137) while a node is down, before 8.2.0-46, and sends nothing' {
        Set-Lifecycle $sim @{ downNodes = @(2) }
        Update-REInternalCertificate -Force:$false -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'KnownDefect,*'
        "$($failed[0])" | Should -BeLike '*8.0.20-96*RS200137*node 2*-Force*'
        Get-Post $sim | Should -BeNullOrEmpty
    }

    It 'rotates anyway with -Force, warning that the down node keeps its old certificates, and -Verify cannot prove it' {
        Set-Lifecycle $sim @{ downNodes = @(2) }
        $before = Get-Internal $sim
        Update-REInternalCertificate -Force -Verify -VerifyTimeoutSec 3 -WarningVariable warned -WarningAction SilentlyContinue
        (Get-Post $sim).Count | Should -Be 1
        $after = Get-Internal $sim
        $after[1].internalCertificates.gossip_ca_signed | Should -Be $before[1].internalCertificates.gossip_ca_signed
        [datetime]$after[0].internalCertificates.gossip_ca_signed | Should -BeGreaterThan ([datetime]$before[0].internalCertificates.gossip_ca_signed)
        "$warned" | Should -BeLike '*RS200137*keep their old internal certificates*'
        "$warned" | Should -BeLike '*cannot be verified*no later than before*'
    }

    It 'retries a 400 (not all nodes updated) like a 409 on a fixed version, then says the cluster may be partly updated' {
        $fixed = Start-RESimulator -ClusterName 'fixed.cluster.local' -ArgumentList '--version', '8.2.0-46', '--down-node', '3'
        try {
            $fixedSession = Connect-RETestCluster $fixed -NoDefault -Extra @{ MaximumRetryCount = 1 }
            Update-REInternalCertificate -Session $fixedSession -Force -ErrorVariable failed -ErrorAction SilentlyContinue
            (Get-Post $fixed).Count | Should -Be 2
            @(Get-RESimulatorRequest $fixed | Where-Object path -eq '/v1/nodes').Count | Should -Be 1 -Because 'Connect reads the nodes; no RS200137 check on 8.2.0-46'
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClusterPartiallyUpdated,*'
            "$($failed[0])" | Should -BeLike '*not all nodes have been updated*2 attempt(s)*'
        }
        finally { $fixed | Stop-RESimulator }
    }

    It 'does not send again when the answer is lost, and the health report proves the rotation' {
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ method = 'POST' } }
        $before = Get-Internal $sim
        Update-REInternalCertificate -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 0
        (Get-Post $sim).Count | Should -Be 1
        [datetime](Get-Internal $sim)[0].internalCertificates.mesh_ca_signed | Should -BeGreaterThan ([datetime]$before[0].internalCertificates.mesh_ca_signed)
    }

    It 'says OutcomeUnknown, without sending again, when a lost answer cannot be proven' {
        Set-RESimulatorFault $sim @{ dropBeforeWrite = @{ method = 'POST' } }
        Update-REInternalCertificate -Force -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'OutcomeUnknown,*'
        "$($failed[0])" | Should -BeLike '*no later than before*sent nothing more*'
        (Get-Post $sim).Count | Should -Be 1
    }

    It 'warns that -Verify cannot verify on a cluster without a health report' {
        Clear-RESimulatorRequest $old
        Update-REInternalCertificate -Session $oldSession -Force -Verify -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 0
        "$warned" | Should -BeLike '*cannot be verified*8.0.16*'
        (Get-Post $old).Count | Should -Be 1
    }
}

Describe 'What -WhatIf says (in a fresh PowerShell, where it can be read)' {
    BeforeAll {
        Reset-Simulator $sim
        Set-RECertificatePolicy -RotationEnabled $true -RotationSchedule '0 * * * *' -RotateDaysBeforeExpiry 60 -ExpiryAlertDays 45 -InternalExpiryAlertDays 45
        Clear-RESimulatorRequest $sim
    }

    It 'names the internal certificates a rotation would regenerate, and each policy value as old -> new, sending nothing' {
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new($env:SIM_USER, (ConvertTo-SecureString $env:SIM_PASSWORD -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_THUMBPRINT
Update-REInternalCertificate -WhatIf
Set-RECertificatePolicy -RotateDaysBeforeExpiry 30 -ExpiryAlertDays 14 -WhatIf
'done'
'@
        $result = Invoke-FreshPwsh -Script $script -Environment @{ SIM_URL = $sim.Url; SIM_THUMBPRINT = $sim.Thumbprint; SIM_USER = $sim.Credential.UserName; SIM_PASSWORD = $sim.Credential.GetNetworkCredential().Password }
        $result.ExitCode | Should -Be 0 -Because $result.ErrorOutput
        $result.Output | Should -BeLike "*What if: Regenerate all internal certificates (gossip_ca_signed, mesh_ca_signed) on every node of cluster 'cluster.local'*"
        $result.Output | Should -BeLike "*What if: Change the certificate policy of cluster 'cluster.local': rotate days before expiry 60 -> 30; expiry alert (your certificates) 45 days -> 14 days*"
        $result.Output | Should -BeLike '*done*'
        Get-Post $sim | Should -BeNullOrEmpty
        Get-Put $sim | Should -BeNullOrEmpty
    }
}

Describe 'Get-RECertificatePolicy' {
    BeforeEach { Reset-Simulator $sim }

    It 'reads the rotation job, both alerts and OCSP into one typed object' {
        $policy = Get-RECertificatePolicy
        $policy | Should -BeOfType ([RECertificates.RECertificatePolicy])
        $policy.ClusterName | Should -Be 'cluster.local'
        $policy.RotationEnabled | Should -BeTrue
        $policy.RotationSchedule | Should -Be '0 * * * *'
        $policy.RotateDaysBeforeExpiry | Should -Be 60
        $policy.ExpiryAlertDays | Should -Be 45
        $policy.InternalExpiryAlertDays | Should -Be 45
        $policy.OcspEnabled | Should -BeFalse
        ($policy | Format-Table | Out-String) | Should -BeLike '*cluster.local*On*0 * * * **60*45 d*45 d*Off*'
    }

    It 'reads two clusters, one without OCSP endpoints, as one stream' {
        $policies = Get-RECertificatePolicy -Session $session, $oldSession
        $policies.ClusterName | Should -Be @('cluster.local', 'old.cluster.local')
        $policies[1].OcspEnabled | Should -BeNullOrEmpty
        $policies[1].RotationSchedule | Should -Be '0 * * * *'
    }
}

Describe 'Set-RECertificatePolicy' {
    BeforeEach {
        Reset-Simulator $sim
        Reset-Simulator $old
        foreach ($s in $session, $oldSession) {
            Set-RECertificatePolicy -Session $s -RotationEnabled $true -RotationSchedule '0 * * * *' -RotateDaysBeforeExpiry 60 -ExpiryAlertDays 45 -InternalExpiryAlertDays 45
        }
        Clear-RESimulatorRequest $sim
        Clear-RESimulatorRequest $old
    }

    It 'sends only what was given, with the threshold as a string, and reads back with -PassThru' {
        $policy = Set-RECertificatePolicy -RotationSchedule '30 2 * * *' -InternalExpiryAlertDays 30 -PassThru
        (Get-Put $sim).body | Should -Be @('{"cert_rotation_job_settings":{"cron_expression":"30 2 * * *"}}',
            '{"alert_settings":{"node_internal_certs_about_to_expire":{"enabled":true,"threshold":"30"}}}')
        $policy.RotationSchedule | Should -Be '30 2 * * *'
        $policy.InternalExpiryAlertDays | Should -Be 30
        $policy.ExpiryAlertDays | Should -Be 45
    }

    It 'sends nothing when the cluster already holds the values' {
        Set-RECertificatePolicy -RotationEnabled $true -ExpiryAlertDays 45
        Get-Put $sim | Should -BeNullOrEmpty
    }

    It 'refuses <Case>, naming the parameter, before any cluster is asked' -ForEach @(
        @{ Case = 'days outside 1-90'; Arguments = @{ RotateDaysBeforeExpiry = 91 }; Parameter = '-RotateDaysBeforeExpiry' }
        @{ Case = 'a four-field schedule'; Arguments = @{ RotationSchedule = '0 * * *' }; Parameter = '-RotationSchedule' }
        @{ Case = 'a threshold of zero'; Arguments = @{ ExpiryAlertDays = 0 }; Parameter = '-ExpiryAlertDays' }
        @{ Case = '-DisableExpiryAlert with a threshold'; Arguments = @{ DisableExpiryAlert = $true; InternalExpiryAlertDays = 10 }; Parameter = '-InternalExpiryAlertDays' }
    ) {
        $failure = { Set-RECertificatePolicy @Arguments } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidPolicy,*'
        $failure.Exception.Message | Should -BeLike "*$Parameter*Nothing was sent*"
        $failure.TargetObject | Should -Be $Parameter
        Get-RESimulatorRequest $sim | Should -BeNullOrEmpty
    }

    It 'turns both alerts off with -DisableExpiryAlert' {
        Set-RECertificatePolicy -DisableExpiryAlert
        (Get-Put $sim).body | Should -Be '{"alert_settings":{"cluster_certs_about_to_expire":{"enabled":false},"node_internal_certs_about_to_expire":{"enabled":false}}}'
        $policy = Get-RECertificatePolicy
        $policy.ExpiryAlertDays | Should -BeNullOrEmpty
        $policy.InternalExpiryAlertDays | Should -BeNullOrEmpty
    }

    It 'changes two clusters from the pipeline of Get-RECertificatePolicy' {
        $policies = Get-RECertificatePolicy -Session $session, $oldSession | Set-RECertificatePolicy -RotationEnabled $false -PassThru
        $policies.ClusterName | Should -Be @('cluster.local', 'old.cluster.local')
        $policies.RotationEnabled | Should -Be @($false, $false)
        (Get-Put $sim).body | Should -Be '{"cert_rotation_job_settings":{"enabled":false}}'
        (Get-Put $old).body | Should -Be '{"cert_rotation_job_settings":{"enabled":false}}'
    }

    It 'reads a lost answer back instead of sending it again' {
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ method = 'PUT' } }
        Set-RECertificatePolicy -RotateDaysBeforeExpiry 20 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 0
        (Get-Put $sim).Count | Should -Be 1
        (Get-RECertificatePolicy).RotateDaysBeforeExpiry | Should -Be 20
    }
}

Describe 'Get-RECertificate -IncludeInternal' {
    It 'adds the health report''s internal certificates as RECertificate objects marked IsInternal' {
        $all = Get-RECertificate -IncludeInternal
        $internal = @($all | Where-Object IsInternal)
        $internal.Name | Should -Be @('gossip_ca_signed', 'mesh_ca_signed')
        $internal[0].DaysRemaining | Should -BeGreaterThan 0
        $internal[0].IsExpired | Should -BeFalse
        $internal[0].CertificatePem | Should -BeNullOrEmpty
        $internal[0].ChainLength | Should -Be 0
        ($all | Where-Object Name -eq 'proxy').IsInternal | Should -BeFalse
        @(Get-RECertificate -IncludeInternal -Name 'mesh*').Name | Should -Be @('mesh_ca_signed')
    }

    It 'lists no internal certificates without the switch' {
        Get-RECertificate | Where-Object IsInternal | Should -BeNullOrEmpty
    }

    It 'warns, and does not fail, on a cluster without a health report' {
        $certificates = Get-RECertificate -Session $oldSession -IncludeInternal -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 0
        "$warned" | Should -BeLike "*old.cluster.local*cannot report its internal certificates*8.0.16*"
        $certificates.Name | Should -Contain 'proxy'
    }

    It 'skips them, with a warning, in Export-RECertificate: there is no chain to write' {
        $folder = Join-Path $dir 'export'
        Get-RECertificate -IncludeInternal -Name 'gossip_ca_signed', 'proxy' | Export-RECertificate -Path $folder -Force -WarningVariable warned -WarningAction SilentlyContinue
        Test-Path (Join-Path $folder 'cluster.local/proxy.pem') | Should -BeTrue
        Test-Path (Join-Path $folder 'cluster.local/gossip_ca_signed.pem') | Should -BeFalse
        "$warned" | Should -BeLike "*'gossip_ca_signed'*internal certificate*not exported*"
    }

    It 'puts them in a section of their own in the report' {
        $file = Join-Path $dir 'report.html'
        Get-RECertificate -IncludeInternal | Export-RECertificateReport -Path $file -Force
        $html = Get-Content -LiteralPath $file -Raw
        $section = $html.IndexOf('Internal certificates, rotated by the clusters themselves')
        $section | Should -BeGreaterThan 0
        $html.IndexOf('gossip_ca_signed</strong>', $section) | Should -BeGreaterThan $section
        $html.IndexOf('proxy</strong>') | Should -BeLessThan $section
    }
}

Describe 'After a certificate change' {
    BeforeAll {
        $script:proxy = New-RETestCertificate -Subject 'CN=cluster.local' -DnsName 'cluster.local', '*.cluster.local', 'internal.cluster.local', '*.internal.cluster.local'
        $script:proxyFile = Write-RETestPem $dir 'proxy.pem' ($proxy.CertificatePem + $proxy.KeyPem)
        $script:sso = New-RETestCertificate -Subject 'CN=sso.cluster.local' -DnsName 'sso.cluster.local'
        $script:ssoFile = Write-RETestPem $dir 'sso_service.pem' ($sso.CertificatePem + $sso.KeyPem)
    }
    BeforeEach {
        Reset-Simulator $sim
        Reset-Simulator $old
        # A fresh proxy certificate each time, so the change is never "unchanged".
        Set-RESimulatorCertificate $sim @{ proxy_cert = $null }
        Set-RESimulatorCertificate $old @{ proxy_cert = $null }
    }

    It 'warns in plain words when OCSP says the new proxy certificate is REVOKED' {
        Set-Lifecycle $sim @{ ocspFunctionality = $true; ocspStatus = 'REVOKED' }
        Set-RECertificate -LiteralPath $proxyFile -Force -WarningVariable warned -WarningAction SilentlyContinue
        (Get-Post $sim '/v1/ocsp/test').Count | Should -Be 1
        "$warned" | Should -BeLike '*REVOKED*clients that check OCSP will refuse the certificate*'
    }

    It 'asks OCSP and stays quiet when the status is GOOD' {
        Set-Lifecycle $sim @{ ocspFunctionality = $true; ocspStatus = 'GOOD' }
        Set-RECertificate -LiteralPath $proxyFile -Force -WarningVariable warned -WarningAction SilentlyContinue
        (Get-Post $sim '/v1/ocsp/test').Count | Should -Be 1
        "$warned" | Should -Not -BeLike '*OCSP*'
    }

    It 'does not ask OCSP when it is off, nor on a cluster without OCSP endpoints' {
        Set-RECertificate -LiteralPath $proxyFile -Force -WarningAction SilentlyContinue
        Get-Post $sim '/v1/ocsp/test' | Should -BeNullOrEmpty
        Set-RECertificate -LiteralPath $proxyFile -Session $oldSession -Force -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed
        $failed.Count | Should -Be 0
        @(Get-RESimulatorRequest $old | Where-Object path -eq '/v1/ocsp').Count | Should -Be 1
        "$warned" | Should -Not -BeLike '*OCSP*'
    }

    It 'reminds to download the service provider metadata again after sso_service' {
        Set-RECertificate -LiteralPath $ssoFile -Force -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -BeLike "*'sso_service' replaced*/v1/cluster/sso/saml/metadata/sp*identity provider*"
    }
}
