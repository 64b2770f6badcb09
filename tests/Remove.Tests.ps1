# Remove-RECertificate against the simulator: selection, local refusals, confirmation, the cluster's errors, two clusters.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim

    # Made once: RSA key generation is slow on a busy machine, and every test seeds the same optional certificates.
    $script:ldap = New-RETestCertificate -Subject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'
    $script:ca = New-RETestCertificate -Subject 'CN=Trusted Client CA' -CertificateAuthority
    $script:sso = New-RETestCertificate -Subject 'CN=sso.cluster.local' -DnsName 'sso.cluster.local'

    function script:Reset-Optional($Simulator) {
        # The four optional certificates set, as an operator would have them; requests and faults cleared.
        Clear-RESimulatorFault $Simulator
        Set-RESimulatorCertificate $Simulator @{
            ldap_client_cert     = $ldap.CertificatePem
            ldap_client_key      = $ldap.KeyPem
            mtls_trusted_ca_cert = $ca.CertificatePem
            sso_issuer_cert      = $ca.CertificatePem
            sso_service_cert     = $sso.CertificatePem
            sso_service_key      = $sso.KeyPem
        }
        Clear-RESimulatorRequest $Simulator
    }

    function script:Get-HeldName($Simulator) {
        # What every node of the simulator holds (the module's own view is what is under test).
        @((Get-RESimulatorState $Simulator)[0].certificates.PSObject.Properties.Name)
    }

    function script:Get-DeletedPath($Simulator) {
        @(Get-RESimulatorRequest $Simulator -Write | Where-Object method -eq 'DELETE' | ForEach-Object path)
    }

    $script:required = @('api', 'ccs_internode_encryption', 'cm', 'data_internode_encryption', 'metrics_exporter', 'proxy', 'syncer')
}

AfterAll {
    $script:sim | Stop-RESimulator
}

Describe 'Remove-RECertificate' {
    BeforeEach { Reset-Optional $sim }

    It 'removes a certificate by name, with one DELETE, and nothing else' {
        $output = Remove-RECertificate ldap_client -Confirm:$false
        $output | Should -BeNullOrEmpty
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client')
        Get-HeldName $sim | Should -Not -Contain 'ldap_client'
        Get-HeldName $sim | Should -Contain 'sso_service'
    }

    It 'takes a name in any case and with - for _' {
        Remove-RECertificate 'LDAP-Client' -Confirm:$false
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client')
    }

    It 'resolves a wildcard against what the cluster holds' {
        Remove-RECertificate 'sso_*' -Confirm:$false -ErrorVariable failures
        $failures.Count | Should -Be 0
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/sso_issuer', '/v1/cluster/certificates/sso_service')
        Get-HeldName $sim | Should -Contain 'ldap_client'
        Get-HeldName $sim | Should -Not -Contain 'sso_issuer'
    }

    It 'leaves the required certificates alone when a wildcard matches them, without errors' {
        $verbose = Remove-RECertificate '*' -Confirm:$false -ErrorVariable failures -Verbose 4>&1
        $failures.Count | Should -Be 0
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client', '/v1/cluster/certificates/mtls_trusted_ca',
            '/v1/cluster/certificates/sso_issuer', '/v1/cluster/certificates/sso_service')
        (Get-HeldName $sim | Sort-Object) | Should -Be $required
        "$verbose" | Should -BeLike '*Left alone*api*syncer*'
    }

    It 'never lets a wildcard select a name no certificate can have, even one the cluster lists' {
        Set-RESimulatorCertificate $sim @{ 'odd/../name_cert' = $ca.CertificatePem }
        try {
            Remove-RECertificate '*' -Confirm:$false -ErrorVariable failures -WarningVariable warnings -WarningAction SilentlyContinue
            $failures.Count | Should -Be 0
            "$warnings" | Should -BeLike "*left alone: odd/../name*"
            Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client', '/v1/cluster/certificates/mtls_trusted_ca',
                '/v1/cluster/certificates/sso_issuer', '/v1/cluster/certificates/sso_service')
            Get-HeldName $sim | Should -Contain 'odd/../name'
        }
        finally { Set-RESimulatorCertificate $sim @{ 'odd/../name_cert' = $null } }
    }

    It 'reads each cluster once however many names are given, and removes a name given twice once' {
        Remove-RECertificate ldap_client, 'sso_*', 'sso_issuer', 'LDAP_CLIENT' -Confirm:$false
        @(Get-RESimulatorRequest $sim | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v1/cluster/certificates' }).Count | Should -Be 1
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client', '/v1/cluster/certificates/sso_issuer', '/v1/cluster/certificates/sso_service')
    }

    It 'removes what Get-RECertificate pipes' {
        Get-RECertificate 'sso_*' | Remove-RECertificate -Confirm:$false
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/sso_issuer', '/v1/cluster/certificates/sso_service')
    }

    It 'binds -Name by property name' {
        [pscustomobject]@{ Name = 'mtls_trusted_ca' } | Remove-RECertificate -Confirm:$false
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/mtls_trusted_ca')
    }

    It 'emits the removed certificates as they were with -PassThru' {
        $removed = Remove-RECertificate ldap_client, sso_service -Confirm:$false -PassThru
        $removed.Name | Should -Be @('ldap_client', 'sso_service')
        $removed[0] | Should -BeOfType ([RECertificates.RECertificate])
        $removed[0].Thumbprint | Should -Be $ldap.Thumbprint
        $removed[0].Subject | Should -Be 'CN=ldap.cluster.local'
        $removed[0].ClusterName | Should -Be 'cluster.local'
        $removed[0].Session | Should -Be $session
        $removed[1].Thumbprint | Should -Be $sso.Thumbprint
    }

    It 'sends nothing with -WhatIf, even with -Force' {
        Remove-RECertificate ldap_client, 'sso_*' -WhatIf
        Remove-RECertificate ldap_client -WhatIf -Force
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
        Get-HeldName $sim | Should -Contain 'ldap_client'
    }

    It 'sends nothing under $WhatIfPreference, even with -Force' {
        $WhatIfPreference = $true
        try { Remove-RECertificate ldap_client -Force }
        finally { $WhatIfPreference = $false }
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'removes without asking with -Force, telling the certificate, subject, thumbprint, expiry and cluster' {
        $verbose = Remove-RECertificate ldap_client -Force -Verbose 4>&1 | ForEach-Object { "$_" }
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client')
        $expires = $ldap.Certificate.NotAfter.ToString('yyyy-MM-dd')
        $told = $verbose | Where-Object { $_ -like 'Performing the operation*' }
        $told | Should -BeLike "*certificate 'ldap_client'*subject 'CN=ldap.cluster.local'*thumbprint $($ldap.Thumbprint)*expires $expires*cluster 'cluster.local'*"
        # The client tells each request.
        $verbose | Should -Contain ($verbose | Where-Object { $_ -like "DELETE $($sim.Url)/v1/cluster/certificates/ldap_client -> 200*" })
    }

    It 'refuses a required certificate by name with no request at all' {
        Remove-RECertificate api, proxy -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        Remove-RECertificate -Name Metrics-Exporter -Force -ErrorVariable +failures -ErrorAction SilentlyContinue
        @(Get-RESimulatorRequest $sim).Count | Should -Be 0
        $failures.Count | Should -Be 3
        $failures | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -Be 'RequiredCertificate,RECertificates.Commands.RemoveRECertificateCommand'
            $_.CategoryInfo.Category | Should -Be 'PermissionDenied'
            "$_" | Should -BeLike '*cannot be removed*Set-RECertificate*'
        }
        $failures.TargetObject | Should -Be @('api', 'proxy', 'Metrics-Exporter')
        "$($failures[0])" | Should -BeLike "Certificate 'api' *"
    }

    It 'refuses a required certificate even before looking for a session' {
        $modulePath = (Get-RETestPath).Module
        $errorId = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            Remove-RECertificate api -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.FullyQualifiedErrorId
        }
        $errorId | Should -BeLike 'RequiredCertificate,*'
    }

    It 'refuses a required certificate piped from Get-RECertificate, and removes the rest' {
        Get-RECertificate proxy, ldap_client | Remove-RECertificate -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be 'proxy'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RequiredCertificate,*'
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client')
    }

    It 'refuses a name no certificate can have, without sending it: <_>' -ForEach @('../api', 'ldap_client/../api', 'a\b', 'ldap client', 'ldap_client?x=1', 'sso/*', 'sso%2Fissuer', '') {
        $name = $_
        if ($name -eq '') {
            # Empty is refused by parameter validation, before the cmdlet runs.
            { Remove-RECertificate -Name $name -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        }
        else {
            Remove-RECertificate -Name $name -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidCertificateName,RECertificates.Commands.RemoveRECertificateCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failures[0].TargetObject | Should -Be $name
            "$($failures[0])" | Should -BeLike "*'$name'*Nothing was sent*"
        }
        @(Get-RESimulatorRequest $sim).Count | Should -Be 0
    }

    It 'refuses a malformed wildcard pattern' {
        Remove-RECertificate 'sso_[' -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCertificateName,*'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 0
    }

    It 'reports a name that is not set as ObjectNotFound naming it and the cluster, without a DELETE, and goes on' {
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $null }
        Remove-RECertificate ldap_client, sso_issuer -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'CertificateNotFound,RECertificates.Commands.RemoveRECertificateCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'ldap_client'
        "$($failures[0])" | Should -BeLike "*'ldap_client' is not set on cluster 'cluster.local'*"
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/sso_issuer')
    }

    It "maps the cluster's 404 (gone between reading and deleting) to ObjectNotFound naming the certificate" {
        Set-RESimulatorFault $sim @{ status = @{ code = 404; count = 1; method = 'DELETE' } }
        Remove-RECertificate ldap_client -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'CertificateNotFound,RECertificates.Commands.RemoveRECertificateCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'ldap_client'
        $failures[0].Exception | Should -BeOfType ([RECertificates.REApiException])
        $failures[0].Exception.StatusCode | Should -Be 404
        "$($failures[0])" | Should -BeLike "*'cluster.local'*'ldap_client'*404*"
    }

    It "reads back after a 500, sends again only while the certificate is still there, then maps the 500 with how to check, and goes on" {
        # Four 500s: the first send and the three (MaximumRetryCount) that each follow a read-back.
        Set-RESimulatorFault $sim @{ status = @{ code = 500; count = 4; method = 'DELETE' } }
        $removed = Remove-RECertificate ldap_client, sso_issuer -Confirm:$false -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'CertificateDeleteFailed,RECertificates.Commands.RemoveRECertificateCommand'
        $failures[0].TargetObject | Should -Be 'ldap_client'
        $failures[0].Exception.StatusCode | Should -Be 500
        "$($failures[0])" | Should -BeLike "*'ldap_client'*some nodes may still hold it*Get-RECertificate*Remove-RECertificate again*did not apply*"
        # Sent again only after reading back that it was still held: 1 + MaximumRetryCount (3) sends, all 500.
        @(Get-DeletedPath $sim | Where-Object { $_ -like '*/ldap_client' }).Count | Should -Be 4
        Get-HeldName $sim | Should -Contain 'ldap_client'
        # The next certificate still went.
        $removed.Name | Should -Be 'sso_issuer'
    }

    It 'sends a DELETE answered 500 once more when the read-back shows the certificate still held, and goes on' {
        Set-RESimulatorFault $sim @{ status = @{ code = 500; count = 1; method = 'DELETE' } }
        # The simulator's 500 fault answers before applying: the read-back finds it held, the second send removes it.
        $removed = Remove-RECertificate ldap_client, sso_issuer -Confirm:$false -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 0
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client', '/v1/cluster/certificates/ldap_client', '/v1/cluster/certificates/sso_issuer')
        $removed.Name | Should -Be @('ldap_client', 'sso_issuer')
        Get-HeldName $sim | Should -Not -Contain 'ldap_client'
    }

    It 'sends a valid name this module does not know, and maps what the cluster answers' {
        Set-RESimulatorCertificate $sim @{ future_feature_cert = $ca.CertificatePem }
        try {
            # The simulator knows no such certificate either: it answers 404.
            Remove-RECertificate future_feature -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/future_feature')
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'CertificateNotFound,*'
            $failures[0].Exception.StatusCode | Should -Be 404

            # A newer cluster that needs it answers 403, which says the cluster keeps it.
            Set-RESimulatorFault $sim @{ status = @{ code = 403; count = 1; method = 'DELETE' } }
            Remove-RECertificate future_feature -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'RequiredCertificate,RECertificates.Commands.RemoveRECertificateCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $failures[0].TargetObject | Should -Be 'future_feature'
            $failures[0].Exception.StatusCode | Should -Be 403
            "$($failures[0])" | Should -BeLike "*'future_feature'*403*Set-RECertificate*"
        }
        finally { Set-RESimulatorCertificate $sim @{ future_feature_cert = $null } }
    }

    It 'maps a 403 for a role that may not change the cluster to PermissionDenied' {
        $viewer = Start-RESimulator -ArgumentList '--viewer-user', 'viewer@example.com', '--viewer-password', 'V1ewer!'
        try {
            Set-RESimulatorCertificate $viewer @{ ldap_client_cert = $ldap.CertificatePem; ldap_client_key = $ldap.KeyPem }
            $credential = [pscredential]::new('viewer@example.com', (ConvertTo-SecureString 'V1ewer!' -AsPlainText -Force))
            $viewerSession = Connect-RECluster $viewer.Url -Credential $credential -CertificateThumbprint $viewer.Thumbprint -NoDefault
            Remove-RECertificate ldap_client -Session $viewerSession -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'PermissionDenied,*'
            "$($failures[0])" | Should -BeLike "*viewer@example.com*update_cluster*"
            Get-HeldName $viewer | Should -Contain 'ldap_client'
        }
        finally { $viewer | Stop-RESimulator }
    }

    It 'removes a certificate whose chain cannot be read, saying so in the confirmation' {
        Set-RESimulatorCertificate $sim @{ sso_issuer_cert = "-----BEGIN CERTIFICATE-----`nbm90IGEgY2VydGlmaWNhdGU=`n-----END CERTIFICATE-----`n" }
        Clear-RESimulatorRequest $sim
        $verbose = Remove-RECertificate sso_issuer -Force -PassThru -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [RECertificates.RECertificate] }) | Should -BeNullOrEmpty
        "$($verbose | Where-Object { "$_" -like 'Performing the operation*' })" | Should -BeLike "*certificate 'sso_issuer' (unreadable:*"
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/sso_issuer')
    }
}

Describe 'Remove-RECertificate across clusters' {
    BeforeAll {
        $script:other = Start-RESimulator -ClusterName 'other.local'
        $script:otherSession = Connect-RETestCluster $other -NoDefault
    }
    AfterAll { $script:other | Stop-RESimulator }
    BeforeEach { Reset-Optional $sim; Reset-Optional $other }

    It "removes each piped certificate from its own cluster" {
        $found = Get-RECertificate -Session $session, $otherSession ldap_client
        $found.ClusterName | Should -Be @('cluster.local', 'other.local')
        $found | Remove-RECertificate -Confirm:$false
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client')
        Get-DeletedPath $other | Should -Be @('/v1/cluster/certificates/ldap_client')
        Get-HeldName $sim | Should -Not -Contain 'ldap_client'
        Get-HeldName $other | Should -Not -Contain 'ldap_client'
    }

    It 'removes by name from every session given' {
        $removed = Remove-RECertificate 'sso_issuer' -Session $otherSession, $session -Confirm:$false -PassThru
        $removed.ClusterName | Should -Be @('other.local', 'cluster.local')
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/sso_issuer')
        Get-DeletedPath $other | Should -Be @('/v1/cluster/certificates/sso_issuer')
    }

    It 'uses -Session instead of the piped objects own' {
        Get-RECertificate -Session $session ldap_client | Remove-RECertificate -Session $otherSession -Confirm:$false
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
        Get-DeletedPath $other | Should -Be @('/v1/cluster/certificates/ldap_client')
    }

    It 'keeps going when one cluster cannot be read, with an error naming it' {
        Set-RESimulatorFault $other @{ status = @{ code = 500; count = 1; method = 'GET' } }
        Remove-RECertificate ldap_client -Session $otherSession, $session -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be 'other.local'
        @(Get-RESimulatorRequest $other -Write).Count | Should -Be 0
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client')
    }
}

Describe 'Remove-RECertificate in a fresh non-interactive PowerShell' {
    BeforeEach { Reset-Optional $sim }

    It 'never prompts with -Confirm:$false, and says what -WhatIf would remove' {
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new($env:SIM_USER, (ConvertTo-SecureString $env:SIM_PASSWORD -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_THUMBPRINT
Remove-RECertificate sso_service -WhatIf
Remove-RECertificate ldap_client -Confirm:$false
'removed'
'@
        $environment = @{ SIM_URL = $sim.Url; SIM_THUMBPRINT = $sim.Thumbprint; SIM_USER = $sim.Credential.UserName; SIM_PASSWORD = $sim.Credential.GetNetworkCredential().Password }
        $result = Invoke-FreshPwsh -Script $script -Environment $environment
        $result.ErrorOutput | Should -BeNullOrEmpty
        $result.ExitCode | Should -Be 0
        $result.Output | Should -BeLike "*What if:*certificate 'sso_service'*subject 'CN=sso.cluster.local'*thumbprint $($sso.Thumbprint)*cluster 'cluster.local'*"
        $result.Output | Should -BeLike '*removed*'
        Get-DeletedPath $sim | Should -Be @('/v1/cluster/certificates/ldap_client')
    }

    It 'sends nothing when it would have to ask and cannot' {
        $script = @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new($env:SIM_USER, (ConvertTo-SecureString $env:SIM_PASSWORD -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_THUMBPRINT
Remove-RECertificate ldap_client
'@
        $environment = @{ SIM_URL = $sim.Url; SIM_THUMBPRINT = $sim.Thumbprint; SIM_USER = $sim.Credential.UserName; SIM_PASSWORD = $sim.Credential.GetNetworkCredential().Password }
        $result = Invoke-FreshPwsh -Script $script -Environment $environment
        "$($result.Output)$($result.ErrorOutput)" | Should -BeLike '*NonInteractive*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }
}
