# Connect-RECluster -ClientCertificate against a simulator with Basic authentication turned off and certificate
# login on: no Authorization header on any request, what a refusal explains, and the lockout guard.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("recert-certlogin-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $dir

    function script:ConvertTo-ClientCertificate($Issued) {
        # Through PKCS#12, as a certificate from a store or a .pfx file would come: a key the TLS stack can use.
        [Security.Cryptography.X509Certificates.X509Certificate2]::new($Issued.Certificate.Export('Pfx', ''), '', 'Exportable')
    }

    $script:clientCa = New-RETestCertificate -Subject 'CN=Client CA, O=Example' -CertificateAuthority
    $script:otherCa = New-RETestCertificate -Subject 'CN=Other CA, O=Example' -CertificateAuthority
    $script:client = ConvertTo-ClientCertificate (New-RETestCertificate -Subject 'CN=ops, O=Example' -DnsName @() -Issuer $clientCa)
    $script:stranger = ConvertTo-ClientCertificate (New-RETestCertificate -Subject 'CN=stranger, O=Example' -DnsName @() -Issuer $clientCa)
    $caPath = Write-RETestPem $dir client-ca.pem $clientCa.CertificatePem
    $script:sim = Start-RESimulator -ArgumentList '--basic-auth-off', '--client-ca', $caPath, '--certificate-user', 'CN=ops,O=Example'
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Certificate login' {
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'logs in with a client certificate where Basic is turned off, and sends no Authorization header' {
        $session = Connect-RECluster $sim.Url -ClientCertificate $client -CertificateThumbprint $sim.Thumbprint -NoDefault
        $session.Authentication | Should -Be 'Certificate'
        $session.UserName | Should -Be 'CN=ops,O=Example'
        $session.ClusterName | Should -Be 'cluster.local'
        @(Get-RECertificate -Session $session).Count | Should -Be 8   # the seven, and mtls_trusted_ca
        # A bundle that still holds the issuer of the session's certificate is no lockout.
        Set-RECertificate -Name mtls_trusted_ca -Certificate $clientCa.CertificatePem -Session $session -Force
        $requests = @(Get-RESimulatorRequest $sim)
        $requests.Count | Should -BeGreaterOrEqual 4
        $requests | Where-Object { $_.authScheme } | Should -BeNullOrEmpty
        $requests | ForEach-Object { $_.clientCertificate | Should -Be $client.Subject }
        $requests.status | Sort-Object -Unique | Should -Be @(200)
    }

    It 'a password session is Basic' {
        $plain = Start-RESimulator
        try {
            (Connect-RETestCluster $plain -NoDefault).Authentication | Should -Be 'Basic'
        }
        finally { $plain | Stop-RESimulator }
    }

    It 'says Basic may be turned off, and names -ClientCertificate, when a password is refused; one attempt only' {
        { Connect-RECluster $sim.Url -Credential $sim.Credential -CertificateThumbprint $sim.Thumbprint -NoDefault -ErrorAction Stop } |
            Should -Throw -ErrorId 'AuthenticationFailed*' -ExpectedMessage '*Basic authentication turned off*-ClientCertificate*'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 1
    }

    It 'explains what the cluster needs when a certificate is refused; one attempt only' {
        $failure = { Connect-RECluster $sim.Url -ClientCertificate $stranger -CertificateThumbprint $sim.Thumbprint -NoDefault -ErrorAction Stop } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        "$failure" | Should -BeLike "*mtls_trusted_ca*auth_method is 'certificate'*certificate_subject_line is exactly 'CN=stranger,O=Example'*"
        @(Get-RESimulatorRequest $sim).Count | Should -Be 1
    }

    It 'refuses a certificate without its private key before anything is sent' {
        $public = [Security.Cryptography.X509Certificates.X509Certificate2]::new($client.RawData)
        { Connect-RECluster $sim.Url -ClientCertificate $public -CertificateThumbprint $sim.Thumbprint -NoDefault -ErrorAction Stop } |
            Should -Throw -ErrorId 'ClientCertificateWithoutKey*'
        @(Get-RESimulatorRequest $sim).Count | Should -Be 0
    }

    It 'refuses, whatever -Force says, an mtls_trusted_ca that would no longer trust the session''s own certificate' {
        $session = Connect-RECluster $sim.Url -ClientCertificate $client -CertificateThumbprint $sim.Thumbprint -NoDefault
        Clear-RESimulatorRequest $sim
        Set-RECertificate -Name mtls_trusted_ca -Certificate $otherCa.CertificatePem -Session $session -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'WouldLockOut,RECertificates.Commands.SetRECertificateCommand'
        "$($failures[0])" | Should -BeLike "*Client CA*$($client.Thumbprint)*"
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
        Remove-RECertificate mtls_trusted_ca -Session $session -Force -ErrorVariable removal -ErrorAction SilentlyContinue
        $removal[0].FullyQualifiedErrorId | Should -Be 'WouldLockOut,RECertificates.Commands.RemoveRECertificateCommand'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
        # And the session still works.
        @(Get-RECertificate mtls_trusted_ca -Session $session).Count | Should -Be 1
    }

    It 'refuses a bundle that holds only the session''s own certificate, which is not self-signed (issue 23)' {
        $session = Connect-RECluster $sim.Url -ClientCertificate $client -CertificateThumbprint $sim.Thumbprint -NoDefault
        Clear-RESimulatorRequest $sim
        $ownPem = "-----BEGIN CERTIFICATE-----`n" + [Convert]::ToBase64String($client.RawData, 'InsertLineBreaks') + "`n-----END CERTIFICATE-----`n"
        Set-RECertificate -Name mtls_trusted_ca -Certificate $ownPem -Session $session -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures | Where-Object FullyQualifiedErrorId -like 'WouldLockOut,*').Count | Should -Be 1 -Because ($failures.FullyQualifiedErrorId -join ', ')
        "$($failures[0])" | Should -BeLike '*self-signed root*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }
}
