# Get-RECertificate against the simulator: listing, names, keys, chains, several sessions, runspaces.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim
}

AfterAll {
    $script:sim | Stop-RESimulator
}

Describe 'Get-RECertificate' {
    It 'returns the seven certificates a new cluster makes, sorted by name' {
        $certificates = Get-RECertificate
        $certificates.Name | Should -Be @('api', 'ccs_internode_encryption', 'cm', 'data_internode_encryption', 'metrics_exporter', 'proxy', 'syncer')
        $certificates | ForEach-Object { $_ | Should -BeOfType ([RECertificates.RECertificate]) }
    }

    It 'parses each certificate the way X509Certificate2 sees it' {
        $api = Get-RECertificate api
        $api.Thumbprint | Should -Be $sim.Thumbprint
        $api.Certificate.Thumbprint | Should -Be $sim.Thumbprint
        $api.KeyAlgorithm | Should -Be 'RSA 2048'
        $api.DnsNames | Should -Contain 'localhost'
        $api.DaysRemaining | Should -BeIn 363, 364, 365
        $api.IsExpired | Should -BeFalse
        $api.ChainLength | Should -Be 1
        $api.ClusterName | Should -Be 'cluster.local'
        $api.Session | Should -Be $session
        $api.HasPrivateKey | Should -BeTrue
        $api.PrivateKey | Should -BeNullOrEmpty
        $api.CertificatePem | Should -BeLike '-----BEGIN CERTIFICATE-----*'
    }

    It 'selects with wildcards, case-insensitively' {
        (Get-RECertificate '*INTERNODE*').Name | Should -Be @('ccs_internode_encryption', 'data_internode_encryption')
        @(Get-RECertificate 'nomatch*' -ErrorVariable failures).Count | Should -Be 0
        $failures.Count | Should -Be 0
    }

    It 'reports an absent literal name as a non-terminating ObjectNotFound and still returns the rest' {
        $found = Get-RECertificate 'ldap_client', 'proxy' -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'proxy'
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'CertificateNotFound,RECertificates.Commands.GetRECertificateCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'ldap_client'
        "$($failures[0])" | Should -BeLike "*'ldap_client'*"
    }

    It 'returns the private key only when asked, as a SecureString' {
        $certificate = Get-RECertificate proxy -IncludePrivateKey
        $certificate.PrivateKey | Should -BeOfType ([securestring])
        $clear = [Net.NetworkCredential]::new('', $certificate.PrivateKey).Password
        $clear | Should -BeLike '-----BEGIN*PRIVATE KEY-----*'
        # The key belongs to the certificate.
        $rsa = [Security.Cryptography.RSA]::Create(); $rsa.ImportFromPem($clear)
        [Convert]::ToBase64String($rsa.ExportSubjectPublicKeyInfo()) |
            Should -Be ([Convert]::ToBase64String($certificate.Certificate.PublicKey.ExportSubjectPublicKeyInfo()))
    }

    It 'reads chains, ECDSA certificates, key-less certificates and tolerates a missing key' {
        $chain = New-RETestChain -LeafSubject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local' -Algorithm ECDSA
        $ca = New-RETestCertificate -Subject 'CN=Trusted Client CA' -CertificateAuthority
        Set-RESimulatorCertificate $sim @{
            ldap_client_cert     = $chain.ChainPem
            ldap_client_key      = $chain.KeyPem
            mtls_trusted_ca_cert = $ca.CertificatePem
            sso_service_cert     = $ca.CertificatePem
        }
        try {
            $ldap = Get-RECertificate ldap_client
            $ldap.ChainLength | Should -Be 2
            $ldap.KeyAlgorithm | Should -Be 'ECDSA P-256'
            $ldap.Subject | Should -Be 'CN=ldap.cluster.local'
            $ldap.Issuer | Should -Be 'CN=RECertificates Test Intermediate CA'
            $ldap.DnsNames | Should -Be @('ldap.cluster.local')
            $ldap.HasPrivateKey | Should -BeTrue

            $trusted = Get-RECertificate mtls_trusted_ca
            $trusted.HasPrivateKey | Should -BeFalse
            $trusted.Thumbprint | Should -Be $ca.Thumbprint

            # A name whose key the cluster did not return.
            (Get-RECertificate sso_service).HasPrivateKey | Should -BeFalse
        }
        finally {
            Set-RESimulatorCertificate $sim @{ ldap_client_cert = $null; ldap_client_key = $null; mtls_trusted_ca_cert = $null; sso_service_cert = $null }
        }
    }

    It 'shows a negative DaysRemaining for an expired certificate' {
        $old = New-RETestCertificate -Subject 'CN=old' -NotBefore ([datetime]::UtcNow.AddDays(-30)) -NotAfter ([datetime]::UtcNow.AddDays(-3).AddHours(-1))
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $old.CertificatePem; ldap_client_key = $old.KeyPem }
        try {
            $ldap = Get-RECertificate ldap_client
            $ldap.IsExpired | Should -BeTrue
            $ldap.DaysRemaining | Should -Be -4
        }
        finally { Set-RESimulatorCertificate $sim @{ ldap_client_cert = $null; ldap_client_key = $null } }
    }

    It 'reports a certificate the module cannot read as one error, and still lists the others' {
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = "-----BEGIN CERTIFICATE-----`nbm90IGEgY2VydGlmaWNhdGU=`n-----END CERTIFICATE-----`n" }
        try {
            $found = Get-RECertificate -ErrorVariable failures -ErrorAction SilentlyContinue
            $found.Name | Should -Be @('api', 'ccs_internode_encryption', 'cm', 'data_internode_encryption', 'metrics_exporter', 'proxy', 'syncer')
            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -Be 'ldap_client'
            "$($failures[0])" | Should -BeLike "*'ldap_client'*"
            # Asked by name, it is that one error, not a second 'not set' one.
            Get-RECertificate ldap_client -ErrorVariable byName -ErrorAction SilentlyContinue
            $byName.Count | Should -Be 1
        }
        finally { Set-RESimulatorCertificate $sim @{ ldap_client_cert = $null } }
    }

    It 'binds a piped session by value' {
        (@($session) | Get-RECertificate api).Name | Should -Be 'api'
    }

    It 'reads with a role that cannot see keys' {
        $viewer = Start-RESimulator -ArgumentList '--viewer-user', 'viewer@example.com', '--viewer-password', 'V1ewer!'
        try {
            $credential = [pscredential]::new('viewer@example.com', (ConvertTo-SecureString 'V1ewer!' -AsPlainText -Force))
            $viewerSession = Connect-RECluster $viewer.Url -Credential $credential -CertificateThumbprint $viewer.Thumbprint -NoDefault
            $api = Get-RECertificate api -Session $viewerSession -IncludePrivateKey
            $api.HasPrivateKey | Should -BeFalse
            $api.PrivateKey | Should -BeNullOrEmpty
        }
        finally { $viewer | Stop-RESimulator }
    }
}

Describe 'Get-RECertificate across clusters and runspaces' {
    BeforeAll {
        $script:other = Start-RESimulator -ClusterName 'other.local'
        $script:otherSession = Connect-RETestCluster $other -NoDefault
    }
    AfterAll { $script:other | Stop-RESimulator }

    It 'returns one stream, by cluster as given then by name, each object naming its cluster' {
        $all = Get-RECertificate -Session $otherSession, $session -Name api, cm
        $all | ForEach-Object { "$($_.ClusterName)/$($_.Name)" } |
            Should -Be @('other.local/api', 'other.local/cm', 'cluster.local/api', 'cluster.local/cm')
        ($all | Where-Object ClusterName -eq 'other.local').Session | Should -Be @($otherSession, $otherSession)
    }

    It 'keeps going when one cluster fails, with an error naming it' {
        Set-RESimulatorFault $other @{ status = @{ code = 500; count = 10 } }
        try {
            $result = Get-RECertificate -Session $otherSession, $session -Name api -ErrorVariable failures -ErrorAction SilentlyContinue
            $result.ClusterName | Should -Be 'cluster.local'
            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -Be 'other.local'
            "$($failures[0])" | Should -BeLike "*'other.local'*500*"
        }
        finally { Clear-RESimulatorFault $other }
    }

    It 'serves one session from two runspaces at once' {
        $shared = $session
        $modulePath = (Get-RETestPath).Module
        $results = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:modulePath
            (Get-RECertificate -Session $using:shared -Name api).Thumbprint
        }
        $results | Should -Be @($sim.Thumbprint, $sim.Thumbprint)
    }

    It 'keeps the default session per runspace' {
        $modulePath = (Get-RETestPath).Module
        $inside = 1 | ForEach-Object -Parallel {
            Import-Module $using:modulePath
            try { Get-RECertificate -ErrorAction Stop; 'saw a default' } catch { $_.FullyQualifiedErrorId }
        }
        $inside | Should -BeLike 'NoSession,*'
        # This runspace's default is untouched.
        (Get-RECertificate api).ClusterName | Should -Be 'cluster.local'
    }
}
