# A corpus of hostile input, made at test time (no real secret is ever checked in). Each case must be refused by
# name, with a stable ErrorId and a message naming the file, and with nothing sent to the cluster. A few inputs
# that look odd but are fine (UTF-16, a BOM, CRLF) must work.
BeforeDiscovery {
    # Listed before the run so that Pester makes one test of each (it expands -ForEach at discovery);
    # BeforeAll makes each case's file, found again by its Folder.
    $refused = @(
        @{ Case = 'empty file'; Id = 'EmptyFile'; Folder = 'empty' }
        @{ Case = 'binary junk'; Id = 'NotPem'; Folder = 'junk' }
        @{ Case = 'DER that is not a certificate'; Id = 'InvalidCertificate'; Folder = 'der' }
        @{ Case = 'PKCS#12 protected by a password, given none'; Id = 'PasswordRequired'; Folder = 'pfx' }
        @{ Case = 'plain text'; Id = 'NotPem'; Folder = 'text' }
        @{ Case = 'bad base64'; Id = 'InvalidPemBase64'; Folder = 'base64' }
        @{ Case = 'truncated PEM'; Id = 'TruncatedPem'; Folder = 'truncated' }
        @{ Case = 'mismatched BEGIN/END'; Id = 'MismatchedPemLabels'; Folder = 'labels' }
        @{ Case = 'valid base64 that is no certificate'; Id = 'InvalidCertificate'; Folder = 'notcert' }
        @{ Case = 'only a key'; Id = 'KeyOnlyNoCertificate'; Folder = 'onlykey' }
        @{ Case = 'only a CSR'; Id = 'CsrNotCertificate'; Folder = 'csr' }
        @{ Case = 'a key file alone'; Id = 'KeyOnlyNoCertificate'; Folder = 'keyalone' }
        @{ Case = 'encrypted private key, given no password'; Id = 'PasswordRequired'; Folder = 'encrypted' }
        @{ Case = 'legacy encrypted key header, given no password'; Id = 'PasswordRequired'; Folder = 'legacyenc' }
        @{ Case = 'garbage in a key block'; Id = 'InvalidPrivateKey'; Folder = 'badkey' }
        @{ Case = 'two keys in one file'; Id = 'MultiplePrivateKeys'; Folder = 'twokeys' }
        @{ Case = 'key of another algorithm'; Id = 'KeyMismatch'; Folder = 'algorithm' }
        @{ Case = 'key of another certificate'; Id = 'KeyMismatch'; Folder = 'otherkey' }
        @{ Case = 'chain out of order'; Id = 'ChainOutOfOrder'; Folder = 'order' }
        @{ Case = 'chain with an unrelated certificate'; Id = 'ChainBroken'; Folder = 'unrelated' }
        @{ Case = 'not yet valid'; Id = 'CertificateNotYetValid'; Folder = 'future' }
        @{ Case = 'expired'; Id = 'CertificateExpired'; Folder = 'expired' }
        @{ Case = 'no key for a name that needs one'; Id = 'PrivateKeyMissing'; Folder = 'nokey' }
        @{ Case = 'a key for a key-less name'; Id = 'PrivateKeyNotAllowed'; Folder = 'keyless' }
        @{ Case = 'a file name that names no certificate'; Id = 'UnrecognizedFileName'; Folder = 'filename' }
        @{ Case = 'a path that does not exist'; Id = 'FileNotFound'; Folder = 'missing' }
        @{ Case = 'a directory'; Id = 'PathIsDirectory'; Folder = 'directory' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $null = Connect-RETestCluster $sim
    $script:corpus = Join-Path ([IO.Path]::GetTempPath()) ('recert-hostile-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $corpus

    $script:good = New-RETestChain
    $script:rsa = New-RETestCertificate -Subject 'CN=rsa.hostile.test'
    $script:ec = New-RETestCertificate -Subject 'CN=ec.hostile.test' -Algorithm ECDSA -KeySize 256
    $script:unrelated = New-RETestCertificate -Subject 'CN=Unrelated CA' -CertificateAuthority
    $script:expired = New-RETestCertificate -Subject 'CN=expired.hostile.test' -NotBefore ([datetime]::UtcNow.AddDays(-90)) -NotAfter ([datetime]::UtcNow.AddDays(-2))
    $script:future = New-RETestCertificate -Subject 'CN=future.hostile.test' -NotBefore ([datetime]::UtcNow.AddDays(5)) -NotAfter ([datetime]::UtcNow.AddDays(300))
    $utf8 = [Text.UTF8Encoding]::new($false)

    function script:Add-Case([string] $Name, [string] $FileName, $Content) { $script:files[$Name] = New-Case $Name $FileName $Content }
    function script:New-Case([string] $Name, [string] $FileName, $Content) {
        # One folder per case, so a case's files pair only with each other.
        $folder = Join-Path $corpus $Name
        $null = New-Item -ItemType Directory -Path $folder -Force
        $path = Join-Path $folder $FileName
        if ($Content -is [byte[]]) { [IO.File]::WriteAllBytes($path, $Content) }
        elseif ($null -ne $Content) { [IO.File]::WriteAllText($path, [string]$Content, $utf8) }
        $path
    }

    $certificateBody = ($good.Leaf.CertificatePem -split "`n" | Where-Object { $_ -and $_ -notlike '-----*' }) -join "`n"
    $encryptedKey = $good.Leaf.Key.ExportEncryptedPkcs8PrivateKeyPem('not-a-real-secret'.ToCharArray(),
        [Security.Cryptography.PbeParameters]::new('Aes256Cbc', 'SHA256', 1000))
    $csr = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=csr.hostile.test', $rsa.Key, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1).CreateSigningRequestPem()
    $pfx = $good.Leaf.Certificate.Export('Pkcs12', 'not-a-real-secret')
    $junk = [byte[]]::new(4096); [Random]::new(42).NextBytes($junk)

    # Each refused case's file (or files), by the Folder its case names in BeforeDiscovery.
    $script:files = @{}
    Add-Case 'empty' 'proxy.pem' ''
    Add-Case 'junk' 'proxy.pem' $junk
    Add-Case 'der' 'proxy.crt' ([Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=der.hostile.test', $rsa.Key, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1).CreateSigningRequest())
    Add-Case 'pfx' 'proxy.pem' $pfx
    Add-Case 'text' 'proxy.pem' "hello, this is not a certificate`n"
    Add-Case 'base64' 'proxy.pem' ("-----BEGIN CERTIFICATE-----`n" + $certificateBody.Substring(0, 40) + '!!!###' + "`n-----END CERTIFICATE-----`n")
    Add-Case 'truncated' 'proxy.pem' ("-----BEGIN CERTIFICATE-----`n" + $certificateBody.Substring(0, 128))
    Add-Case 'labels' 'proxy.pem' ("-----BEGIN CERTIFICATE-----`n$certificateBody`n-----END PRIVATE KEY-----`n")
    Add-Case 'notcert' 'proxy.pem' ("-----BEGIN CERTIFICATE-----`n" + [Convert]::ToBase64String([byte[]](1..200)) + "`n-----END CERTIFICATE-----`n")
    Add-Case 'onlykey' 'proxy.pem' $good.KeyPem
    Add-Case 'csr' 'proxy.pem' $csr
    Add-Case 'keyalone' 'proxy.key' $good.KeyPem
    Add-Case 'encrypted' 'proxy.pem' ($good.ChainPem + $encryptedKey)
    Add-Case 'legacyenc' 'proxy.pem' ($good.ChainPem + "-----BEGIN RSA PRIVATE KEY-----`nProc-Type: 4,ENCRYPTED`nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF`n`n" + [Convert]::ToBase64String([byte[]](1..96)) + "`n-----END RSA PRIVATE KEY-----`n")
    Add-Case 'badkey' 'proxy.pem' ($good.ChainPem + "-----BEGIN PRIVATE KEY-----`n" + [Convert]::ToBase64String([byte[]](1..120)) + "`n-----END PRIVATE KEY-----`n")
    Add-Case 'twokeys' 'proxy.pem' ($good.ChainPem + $good.KeyPem + "`n" + $rsa.KeyPem)
    Add-Case 'algorithm' 'proxy.pem' ($rsa.CertificatePem + $ec.KeyPem)
    Add-Case 'otherkey' 'proxy.pem' ($good.ChainPem + $rsa.KeyPem)
    Add-Case 'order' 'proxy.pem' ($good.Intermediate.CertificatePem + $good.Leaf.CertificatePem + $good.KeyPem)
    Add-Case 'unrelated' 'proxy.pem' ($good.Leaf.CertificatePem + $unrelated.CertificatePem + $good.KeyPem)
    Add-Case 'future' 'proxy.pem' ($future.CertificatePem + $future.KeyPem)
    Add-Case 'expired' 'proxy.pem' ($expired.CertificatePem + $expired.KeyPem)
    Add-Case 'nokey' 'proxy.pem' $good.ChainPem
    Add-Case 'keyless' 'mtls_trusted_ca.pem' ($rsa.CertificatePem + $rsa.KeyPem)
    Add-Case 'filename' 'notes.txt' $good.ChainPem
    $script:files['missing'] = Join-Path $corpus 'missing/proxy.pem'
    $script:files['directory'] = (New-Item -ItemType Directory -Path (Join-Path $corpus 'directory/proxy.pem') -Force).FullName
    $two = Join-Path $corpus 'twofiles'
    $null = New-Case 'twofiles' 'proxy.pem' ($good.ChainPem + $good.KeyPem)
    $null = New-Case 'twofiles' 'proxy.crt' ($rsa.CertificatePem + $rsa.KeyPem)
    $script:twoFiles = @(Get-ChildItem -LiteralPath $two)

    # A 50 MB file: refused from its size, before it is read.
    $script:huge = Join-Path $corpus 'huge/proxy.pem'
    $null = New-Item -ItemType Directory -Path (Split-Path $huge)
    $stream = [IO.File]::Create($huge); $stream.SetLength(50MB); $stream.Dispose()
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $script:corpus -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Hostile input is refused by name, and nothing reaches the cluster' {
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'refuses <Case> with <Id>' -ForEach $refused {
        $Path = $files[$Folder]
        Set-RECertificate -LiteralPath $Path -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failure = @($failures | Where-Object { $_.FullyQualifiedErrorId -like "$Id,*" })
        $failure.Count | Should -BeGreaterOrEqual 1 -Because "the errors were: $($failures.FullyQualifiedErrorId -join ', ')"
        "$($failure[0])" | Should -BeLike "*$(Split-Path $Path -Leaf)*"
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'refuses two files claiming one certificate name, naming both' {
        $twoFiles | Set-RECertificate -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $duplicate = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'DuplicateCertificateName,*' })
        $duplicate.Count | Should -Be 1
        "$($duplicate[0])" | Should -BeLike '*proxy.pem*'
        "$($duplicate[0])" | Should -BeLike '*proxy.crt*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'refuses a name with path characters' {
        Set-RECertificate -Name '../proxy' -Certificate $good.ChainPem -Key (ConvertTo-SecureString $good.KeyPem -AsPlainText -Force) -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidCertificateName,*' }).Count | Should -Be 1
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'refuses a 50 MB file from its size' {
        Set-RECertificate -LiteralPath $huge -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'FileTooLarge,*' }).Count | Should -Be 1
        "$($failures[0])" | Should -BeLike '*proxy.pem*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'refuses a file it may not read' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'the unreadable file is made with chmod'; return }
        $locked = New-Case 'locked' 'proxy.pem' ($good.ChainPem + $good.KeyPem)
        chmod 000 $locked
        # Root reads every file; without the capabilities that let it (as an operator's account would be), it cannot.
        $prefix = if ((id -u) -eq 0) { @('setpriv', '--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search') } else { @() }
        $run = Invoke-FreshPwsh -Prefix $prefix -Environment @{ LOCKED = $locked; SIM_URL = $sim.Url; SIM_PIN = $sim.Thumbprint } -Script @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_PIN
Set-RECertificate -LiteralPath $env:LOCKED -Force -ErrorVariable failures -ErrorAction SilentlyContinue
$failures | ForEach-Object { "$($_.FullyQualifiedErrorId) :: $_" }
'@
        $run.Output | Should -BeLike '*FileAccessDenied,*proxy.pem*' -Because $run.ErrorOutput
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'refuses the whole batch when one good file travels with the bad ones' {
        $goodFolder = Join-Path $corpus 'goodone'
        $null = New-Item -ItemType Directory -Path $goodFolder
        Set-Content -LiteralPath (Join-Path $goodFolder 'syncer.pem') -Value ($good.ChainPem + $good.KeyPem) -NoNewline
        $batch = @(Join-Path $goodFolder 'syncer.pem') + @($files.Values | Where-Object { Test-Path -LiteralPath $_ -PathType Leaf })
        $batch | ForEach-Object { Get-Item -LiteralPath $_ } | Set-RECertificate -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -BeGreaterThan 20
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }
}

Describe 'Odd but valid encodings work' {
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'accepts <Case>' -ForEach @(
        @{ Case = 'UTF-16 LE with a BOM'; Encoding = [Text.UnicodeEncoding]::new($false, $true); Crlf = $false }
        @{ Case = 'UTF-16 BE with a BOM'; Encoding = [Text.UnicodeEncoding]::new($true, $true); Crlf = $false }
        @{ Case = 'UTF-8 with a BOM'; Encoding = [Text.UTF8Encoding]::new($true); Crlf = $false }
        @{ Case = 'CRLF line endings'; Encoding = [Text.UTF8Encoding]::new($false); Crlf = $true }
    ) {
        $chain = New-RETestChain -LeafSubject 'CN=syncer.encoding.test' -DnsName 'syncer.encoding.test'
        $text = $chain.ChainPem + $chain.KeyPem
        if ($Crlf) { $text = $text -replace "`r?`n", "`r`n" }
        $folder = Join-Path $corpus ('encoding-' + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $folder
        $path = Join-Path $folder 'syncer.pem'
        [IO.File]::WriteAllText($path, $text, $Encoding)

        Set-RECertificate -LiteralPath $path -Force -ErrorAction Stop
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 1
        (Get-RECertificate syncer).Thumbprint | Should -Be $chain.Leaf.Thumbprint
    }
}
