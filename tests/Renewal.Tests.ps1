# The renewal loop against the simulator: New-RECertificateRequest checked by OpenSSL (an independent parser), a
# certificate issued from the request by a test CA rotating through Set-RECertificate, Export-RECertificate and its
# round trip to another cluster, -BackupPath before Set/Update-Legacy/Remove and the rollback it promises, and the bad
# input of each: a clear error naming the name or path, nothing half-written, nothing sent.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim
    $script:folders = [Collections.Generic.List[string]]::new()

    function New-TestFolder {
        $folder = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) ('renewal-tests-' + [guid]::NewGuid().ToString('n')))).FullName
        $script:folders.Add($folder)
        $folder
    }
    function Get-Writes($Simulator = $script:sim) { @(Get-RESimulatorRequest $Simulator -Write) }
    function Get-Mode([string] $Path) { (stat -c '%a' $Path) }
    # Everything in a folder, hidden temporary files included, so "nothing half-written" is checked for real.
    function Get-FolderContent([string] $Path) { @(Get-ChildItem -LiteralPath $Path -Force -Recurse -File | ForEach-Object Name | Sort-Object) }
    # A root CA made with OpenSSL, to sign requests the way a private CA would.
    $script:caFolder = New-TestFolder
    $script:caKey = Join-Path $caFolder 'ca.key'
    $script:caCert = Join-Path $caFolder 'ca.pem'
    $null = openssl req -x509 -newkey rsa:2048 -nodes -keyout $caKey -out $caCert -days 3650 -subj '/CN=Renewal Tests Root CA' 2>&1
    function Invoke-TestCa([string] $Csr, [string] $Out) {
        $output = openssl x509 -req -in $Csr -CA $script:caCert -CAkey $script:caKey -CAcreateserial -days 365 -copy_extensions copy -out $Out 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The test CA could not sign '$Csr': $output" }
    }
    # Like a connected operator: the same module in a new process, optionally without root's file permission bypass.
    $script:unprivileged = if ((id -u) -eq 0) { @('setpriv', '--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search') } else { @() }
}

AfterAll {
    $script:sim | Stop-RESimulator
    $script:folders | ForEach-Object {
        if (Test-Path -LiteralPath $_) { Get-ChildItem -LiteralPath $_ -Recurse -Directory -Force | ForEach-Object { chmod 755 $_.FullName } }
        Remove-Item -LiteralPath $_ -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Describe 'New-RECertificateRequest' {
    BeforeEach {
        Clear-RESimulatorRequest $sim
        $script:dir = New-TestFolder
    }

    It 'writes a key and a request that OpenSSL reads as asked: subject, four DNS names, usages, RSA 2048, a valid signature, the key''s public half' {
        $request = New-RECertificateRequest -Name proxy -Path $dir
        $request.Name | Should -Be 'proxy'
        $request.Subject | Should -Be 'CN=cluster.local'
        $request.DnsNames | Should -Be @('cluster.local', '*.cluster.local', 'internal.cluster.local', '*.internal.cluster.local')
        $request.KeyAlgorithm | Should -Be 'RSA 2048'
        $request.CsrPath | Should -Be (Join-Path $dir 'proxy.csr')
        $request.KeyPath | Should -Be (Join-Path $dir 'proxy.key')
        $request.Csr | Should -Be (Get-Content -LiteralPath $request.CsrPath -Raw)
        $request.PSObject.Properties.Name | Should -Not -Contain 'Key'

        $text = (openssl req -in $request.CsrPath -noout -text -verify 2>&1) -join "`n"
        $LASTEXITCODE | Should -Be 0
        $text | Should -Match 'verify OK'
        $text | Should -Match 'Subject: CN ?= ?cluster\.local\n'
        $text | Should -Match 'Public-Key: \(2048 bit\)'
        $text | Should -Match 'Key Usage: critical\s+Digital Signature, Key Encipherment\s'
        $text | Should -Match 'Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication'
        $text | Should -Match 'DNS:cluster\.local, DNS:\*\.cluster\.local, DNS:internal\.cluster\.local, DNS:\*\.internal\.cluster\.local'
        $text | Should -Match 'Signature Algorithm: sha256WithRSAEncryption'

        # The key matches the request: the same public key, as OpenSSL derives it from each.
        $fromRequest = (openssl req -in $request.CsrPath -noout -pubkey) -join "`n"
        $fromKey = (openssl pkey -in $request.KeyPath -pubout) -join "`n"
        $fromKey | Should -Be $fromRequest
        Get-Content -LiteralPath $request.KeyPath -TotalCount 1 | Should -Be '-----BEGIN PRIVATE KEY-----'
        Get-Mode $request.KeyPath | Should -Be '600'
        Get-FolderContent $dir | Should -Be @('proxy.csr', 'proxy.key')
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'needs no session with -DnsName, and encrypts an ECDSA key with -Password' {
        $run = Invoke-FreshPwsh -Environment @{ DIR = $dir } -Script @'
Import-Module $env:RECERT_MODULE_PATH
$password = ConvertTo-SecureString 'Key-Passw0rd' -AsPlainText -Force
$request = New-RECertificateRequest -Name sso_service -DnsName 'Sso.Example.com', '*.sso.example.com' -KeyAlgorithm ECDSA -KeySize 384 -Password $password -Path $env:DIR
"$($request.Subject)|$($request.DnsNames -join ',')|$($request.KeyAlgorithm)"
'@
        $run.ExitCode | Should -Be 0 -Because $run.ErrorOutput
        $run.Output.Trim() | Should -Be 'CN=sso.example.com|sso.example.com,*.sso.example.com|ECDSA P-384'
        $key = Join-Path $dir 'sso_service.key'
        Get-Content -LiteralPath $key -TotalCount 1 | Should -Be '-----BEGIN ENCRYPTED PRIVATE KEY-----'
        $text = (openssl req -in (Join-Path $dir 'sso_service.csr') -noout -text -verify 2>&1) -join "`n"
        $text | Should -Match 'verify OK'
        $text | Should -Match 'NIST CURVE: P-384'
        $text | Should -Match 'Key Usage: critical\s+Digital Signature\s'
        $text | Should -Match 'DNS:sso\.example\.com, DNS:\*\.sso\.example\.com'
        (openssl pkey -in $key -passin pass:wrong -noout 2>&1) | Out-Null
        $LASTEXITCODE | Should -Not -Be 0
        $fromKey = (openssl pkey -in $key -passin pass:Key-Passw0rd -pubout) -join "`n"
        $fromKey | Should -Be ((openssl req -in (Join-Path $dir 'sso_service.csr') -noout -pubkey) -join "`n")
    }

    It 'makes RSA keys of the size asked for' {
        $request = New-RECertificateRequest -Name cm -KeySize 3072 -Path $dir
        $request.KeyAlgorithm | Should -Be 'RSA 3072'
        ((openssl req -in $request.CsrPath -noout -text) -join "`n") | Should -Match 'Public-Key: \(3072 bit\)'
    }

    It 'refuses <Case> with <ErrorId>, naming it, and writes nothing' -ForEach @(
        @{ Case = 'a name that is not a certificate name'; Arguments = @{ Name = '../proxy' }; ErrorId = 'InvalidCertificateName'; Named = '../proxy' }
        @{ Case = 'a trusted CA name, which has no key'; Arguments = @{ Name = 'mtls_trusted_ca' }; ErrorId = 'RequestNotNeeded'; Named = 'mtls_trusted_ca' }
        @{ Case = 'ECDSA for an internode certificate'; Arguments = @{ Name = 'data_internode_encryption'; KeyAlgorithm = 'ECDSA' }; ErrorId = 'KeyAlgorithmNotAllowed'; Named = 'data_internode_encryption' }
        @{ Case = 'a -DnsName that is not a DNS name'; Arguments = @{ Name = 'proxy'; DnsName = 'cluster example.com' }; ErrorId = 'InvalidDnsName'; Named = 'cluster example.com' }
        @{ Case = 'a key size RSA does not have'; Arguments = @{ Name = 'proxy'; KeySize = 1024 }; ErrorId = 'KeySizeNotAllowed'; Named = '1024' }
    ) {
        $failures = $null
        try { New-RECertificateRequest @Arguments -Path $dir -ErrorVariable failures -ErrorAction SilentlyContinue } catch { $failures = @($_) }
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        "$($failures[0])" | Should -BeLike "*$Named*"
        Get-FolderContent $dir | Should -BeNullOrEmpty
    }

    It 'goes on with the other names when one is refused' {
        $made = New-RECertificateRequest -Name 'not/a/name', syncer -Path $dir -ErrorVariable failures -ErrorAction SilentlyContinue
        $made.Name | Should -Be 'syncer'
        $failures.Count | Should -Be 1
        Get-FolderContent $dir | Should -Be @('syncer.csr', 'syncer.key')
    }

    It 'never replaces a file without -Force, and replaces both with it' {
        New-RECertificateRequest -Name proxy -Path $dir | Out-Null
        $before = Get-FileHash -LiteralPath (Join-Path $dir 'proxy.key'), (Join-Path $dir 'proxy.csr')
        New-RECertificateRequest -Name proxy -Path $dir -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        "$($failures[0])" | Should -BeLike "*$(Join-Path $dir 'proxy.key')*-Force*"
        (Get-FileHash -LiteralPath (Join-Path $dir 'proxy.key'), (Join-Path $dir 'proxy.csr')).Hash | Should -Be $before.Hash
        Get-FolderContent $dir | Should -Be @('proxy.csr', 'proxy.key')

        New-RECertificateRequest -Name proxy -Path $dir -Force | Out-Null
        (Get-FileHash -LiteralPath (Join-Path $dir 'proxy.key'), (Join-Path $dir 'proxy.csr')).Hash | ForEach-Object { $_ | Should -Not -BeIn $before.Hash }
        Get-Mode (Join-Path $dir 'proxy.key') | Should -Be '600'
    }

    It 'writes nothing with -WhatIf' {
        New-RECertificateRequest -Name proxy -Path $dir -WhatIf | Should -BeNullOrEmpty
        Get-FolderContent $dir | Should -BeNullOrEmpty
    }

    It 'refuses a folder it may not write, naming it, and leaves nothing behind' {
        $locked = (New-Item -ItemType Directory -Path (Join-Path $dir 'locked')).FullName
        chmod 555 $locked
        $run = Invoke-FreshPwsh -Prefix $unprivileged -Environment @{ LOCKED = $locked } -Script @'
Import-Module $env:RECERT_MODULE_PATH
New-RECertificateRequest -Name proxy -DnsName cluster.example.com -Path $env:LOCKED -ErrorAction SilentlyContinue -ErrorVariable failures | Out-Null
$failures | ForEach-Object { "$($_.FullyQualifiedErrorId) :: $_" }
'@
        $run.Output | Should -BeLike "*FileWriteDenied,*$locked*" -Because $run.ErrorOutput
        Get-FolderContent $locked | Should -BeNullOrEmpty
    }

    It 'makes a request a CA signs into a certificate that pairs with its key by name and rotates' {
        $request = New-RECertificateRequest -Name proxy -Path $dir
        Invoke-TestCa $request.CsrPath (Join-Path $dir 'proxy.pem')
        $issued = [Security.Cryptography.X509Certificates.X509Certificate2]::new((Join-Path $dir 'proxy.pem'))
        $issued.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.17' } | ForEach-Object { $_.Format($false) } | Should -BeLike '*internal.cluster.local*'

        $check = Test-RECertificate -Path (Join-Path $dir 'proxy.pem')
        $check.IsValid | Should -BeTrue -Because ($check.Errors -join '; ')
        Get-ChildItem -LiteralPath $dir -Filter *.pem | Set-RECertificate -Force -WarningAction SilentlyContinue
        Get-Writes | Should -HaveCount 1
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($issued.Thumbprint) * 3)
    }
}

Describe 'Export-RECertificate' {
    BeforeAll {
        # A version without RS199373, so the copy of every certificate travels as one request.
        $script:other = Start-RESimulator -ClusterName 'other.example.com' -ArgumentList '--version', '8.0.20-96'
        $script:otherSession = Connect-RETestCluster $other -NoDefault
    }
    AfterAll { $script:other | Stop-RESimulator }
    BeforeEach {
        Clear-RESimulatorRequest $sim
        Clear-RESimulatorRequest $other
        $script:dir = New-TestFolder
    }

    It 'writes the cluster''s folder of .pem files and owner-only .key files that Set-RECertificate reads back on another cluster (thumbprints equal)' {
        $certificates = Get-RECertificate -IncludePrivateKey | Where-Object Name -ne 'api'
        $certificates | Export-RECertificate -Path $dir
        $folder = Join-Path $dir 'cluster.local'
        Get-FolderContent $folder | Should -Be @($certificates | ForEach-Object { "$($_.Name).key"; "$($_.Name).pem" } | Sort-Object)
        foreach ($certificate in $certificates) {
            Get-Mode (Join-Path $folder "$($certificate.Name).key") | Should -Be '600'
            Get-Content -LiteralPath (Join-Path $folder "$($certificate.Name).pem") -Raw | Should -Be $certificate.CertificatePem
        }

        # The files name cluster.local, not the other cluster: the round trip is the point here, not the name check.
        Get-ChildItem -LiteralPath $folder -Filter *.pem | Set-RECertificate -Session $otherSession -SkipNameCheck -Force -WarningAction SilentlyContinue
        Get-Writes $other | Should -HaveCount 1
        $copied = Get-RECertificate -Session $otherSession | Where-Object Name -ne 'api'
        $copied.Thumbprint | Should -Be $certificates.Thumbprint
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'encrypts keys with -Password (PKCS#8) so that OpenSSL opens them with that password only' {
        $password = ConvertTo-SecureString 'Export-Passw0rd' -AsPlainText -Force
        Get-RECertificate -Name proxy -IncludePrivateKey | Export-RECertificate -Path $dir -Password $password
        $key = Join-Path $dir 'cluster.local/proxy.key'
        Get-Content -LiteralPath $key -TotalCount 1 | Should -Be '-----BEGIN ENCRYPTED PRIVATE KEY-----'
        (openssl pkey -in $key -passin pass:wrong -noout 2>&1) | Out-Null
        $LASTEXITCODE | Should -Not -Be 0
        $fromKey = (openssl pkey -in $key -passin pass:Export-Passw0rd -pubout) -join "`n"
        $fromKey | Should -Be ((openssl x509 -in (Join-Path $dir 'cluster.local/proxy.pem') -noout -pubkey) -join "`n")
    }

    It 'writes the .pem of an object without its key and warns that the key was not exported' {
        Get-RECertificate -Name proxy | Export-RECertificate -Path $dir -WarningVariable warnings -WarningAction SilentlyContinue
        Get-FolderContent $dir | Should -Be @('proxy.pem')
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*key of certificate 'proxy'*not exported*-IncludePrivateKey*"
    }

    It 'never replaces a file without -Force, and says which' {
        Get-RECertificate -Name proxy -IncludePrivateKey | Export-RECertificate -Path $dir
        $before = (Get-FileHash -LiteralPath (Join-Path $dir 'cluster.local/proxy.key')).Hash
        Get-RECertificate -Name proxy -IncludePrivateKey | Export-RECertificate -Path $dir -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FileExists,*'
        "$($failures[0])" | Should -BeLike "*proxy.pem*"
        (Get-FileHash -LiteralPath (Join-Path $dir 'cluster.local/proxy.key')).Hash | Should -Be $before
        Get-RECertificate -Name proxy -IncludePrivateKey | Export-RECertificate -Path $dir -Force -PassThru | ForEach-Object Name | Should -Be @('proxy.pem', 'proxy.key')
    }

    It 'refuses a folder it may not write, naming it, and leaves nothing behind' {
        $locked = (New-Item -ItemType Directory -Path (Join-Path $dir 'locked')).FullName
        $null = New-Item -ItemType Directory -Path (Join-Path $locked 'cluster.local')
        chmod 555 (Join-Path $locked 'cluster.local')
        $run = Invoke-FreshPwsh -Prefix $unprivileged -Environment @{ LOCKED = $locked; SIM_URL = $sim.Url; SIM_PIN = $sim.Thumbprint } -Script @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_PIN
Get-RECertificate -Name proxy -IncludePrivateKey | Export-RECertificate -Path $env:LOCKED -ErrorAction SilentlyContinue -ErrorVariable failures
$failures | ForEach-Object { "$($_.FullyQualifiedErrorId) :: $_" }
'@
        $run.Output | Should -BeLike "*FileWriteDenied,*cluster.local*" -Because $run.ErrorOutput
        Get-FolderContent $locked | Should -BeNullOrEmpty
    }
}

Describe '-BackupPath' {
    BeforeAll {
        $script:proxyChain = @(New-RETestChain -LeafSubject 'CN=cluster.local' -DnsName 'cluster.local'; New-RETestChain -LeafSubject 'CN=cluster.local' -DnsName 'cluster.local')
        $script:turn = 0
        function Get-NextProxy { $script:turn++; $script:proxyChain[$script:turn % 2] }
    }
    BeforeEach {
        Clear-RESimulatorRequest $sim
        $script:dir = New-TestFolder
    }

    It 'keeps what Set-RECertificate replaces, names the folder, and the rollback restores the old thumbprint' {
        $old = (Get-RESimulatorThumbprint $sim proxy)[0]
        $new = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($new.ChainPem + $new.KeyPem) | Out-Null
        $backups = Join-Path $dir 'backups'
        $verbose = Set-RECertificate -Path (Join-Path $dir 'proxy.pem') -BackupPath $backups -Force -Verbose -WarningAction SilentlyContinue 4>&1 | ForEach-Object { "$_" }
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($new.Leaf.Thumbprint) * 3)

        $folder = @(Get-ChildItem -LiteralPath (Join-Path $backups 'cluster.local') -Directory)
        $folder.Count | Should -Be 1
        $folder[0].Name | Should -Match '^\d{8}T\d{6}Z$'
        ($verbose -join "`n") | Should -BeLike "*Backed up proxy*$($folder[0].FullName)*Set-RECertificate -Force*"
        Get-FolderContent $folder[0].FullName | Should -Be @('proxy.key', 'proxy.pem')
        Get-Mode (Join-Path $folder[0].FullName 'proxy.key') | Should -Be '600'

        Get-ChildItem (Join-Path $folder[0].FullName '*.pem') | Set-RECertificate -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($old) * 3)
    }

    It 'stops the change when the backup fails: BackupFailed naming the folder, nothing sent' {
        $new = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($new.ChainPem + $new.KeyPem) | Out-Null
        $before = Get-RESimulatorThumbprint $sim proxy
        $notAFolder = Write-RETestPem $dir 'backups.txt' 'a file, not a folder'
        Set-RECertificate -Path (Join-Path $dir 'proxy.pem') -BackupPath $notAFolder -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupFailed,*'
        "$($failures[0])" | Should -BeLike "*$notAFolder*Nothing was changed*"
        Get-Writes | Should -BeNullOrEmpty
        Get-RESimulatorThumbprint $sim proxy | Should -Be $before
    }

    It 'stops the change when the backup folder is read-only, and leaves no partial backup' {
        $new = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($new.ChainPem + $new.KeyPem) | Out-Null
        $readOnly = (New-Item -ItemType Directory -Path (Join-Path $dir 'readonly')).FullName
        chmod 555 $readOnly
        $run = Invoke-FreshPwsh -Prefix $unprivileged -Environment @{ BACKUP = $readOnly; FILE = (Join-Path $dir 'proxy.pem'); SIM_URL = $sim.Url; SIM_PIN = $sim.Thumbprint } -Script @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_PIN
Set-RECertificate -LiteralPath $env:FILE -BackupPath $env:BACKUP -Force -ErrorAction SilentlyContinue -ErrorVariable failures -WarningAction SilentlyContinue
$failures | ForEach-Object { "$($_.FullyQualifiedErrorId) :: $_" }
'@
        $run.Output | Should -BeLike "*BackupFailed,*$readOnly*" -Because $run.ErrorOutput
        Get-Writes | Should -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $readOnly -Recurse -Force) | Should -BeNullOrEmpty
    }

    It 'stops the change when the backup disk is full, and leaves no partial backup' {
        # A 4 KiB tmpfs holds the certificate file of the backup but not its key: the disk fills half way.
        $full = (New-Item -ItemType Directory -Path (Join-Path $dir 'full')).FullName
        $null = mount -t tmpfs -o size=4k tmpfs $full 2>&1
        if ($LASTEXITCODE -ne 0) { Set-ItResult -Skipped -Because 'mounting a small tmpfs needs root'; return }
        try {
            $new = Get-NextProxy
            Write-RETestPem $dir proxy.pem ($new.ChainPem + $new.KeyPem) | Out-Null
            $before = Get-RESimulatorThumbprint $sim proxy
            Set-RECertificate -Path (Join-Path $dir 'proxy.pem') -BackupPath $full -Force -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupFailed,*'
            "$($failures[0])" | Should -BeLike "*proxy.key*"
            Get-Writes | Should -BeNullOrEmpty
            Get-RESimulatorThumbprint $sim proxy | Should -Be $before
            @(Get-ChildItem -LiteralPath $full -Recurse -Force) | Should -BeNullOrEmpty
        }
        finally { $null = umount $full 2>&1 }
    }

    It 'says under -WhatIf where the backup would go, and writes and sends nothing' {
        $new = Get-NextProxy
        Write-RETestPem $dir proxy.pem ($new.ChainPem + $new.KeyPem) | Out-Null
        $backups = Join-Path $dir 'backups'
        $run = Invoke-FreshPwsh -Environment @{ BACKUP = $backups; FILE = (Join-Path $dir 'proxy.pem'); SIM_URL = $sim.Url; SIM_PIN = $sim.Thumbprint } -Script @'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
$null = Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_PIN
Set-RECertificate -LiteralPath $env:FILE -BackupPath $env:BACKUP -WhatIf
'@
        $run.Output | Should -BeLike "*What if:*Back up what cluster 'cluster.local' holds for proxy*$(Join-Path $backups 'cluster.local')*" -Because $run.ErrorOutput
        $backups | Should -Not -Exist
        Get-Writes | Should -BeNullOrEmpty
    }

    It 'keeps what Remove-RECertificate removes, and the rollback puts it back' {
        $ldap = New-RETestChain -LeafSubject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $ldap.ChainPem; ldap_client_key = $ldap.KeyPem }
        $backups = Join-Path $dir 'backups'
        Remove-RECertificate -Name ldap_client -BackupPath $backups -Force
        (Get-Writes).method | Should -Be 'DELETE'
        Get-RECertificate -Name ldap_client -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $folder = @(Get-ChildItem -LiteralPath (Join-Path $backups 'cluster.local') -Directory)[0].FullName
        Get-FolderContent $folder | Should -Be @('ldap_client.key', 'ldap_client.pem')

        Get-ChildItem (Join-Path $folder '*.pem') | Set-RECertificate -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $sim ldap_client | Should -Be (@($ldap.Leaf.Thumbprint) * 3)
    }

    It 'stops Remove-RECertificate when the backup fails, and sends nothing' {
        $ldap = New-RETestChain -LeafSubject 'CN=ldap.cluster.local' -DnsName 'ldap.cluster.local'
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $ldap.ChainPem; ldap_client_key = $ldap.KeyPem }
        $notAFolder = Write-RETestPem $dir 'backups.txt' 'a file, not a folder'
        Remove-RECertificate -Name ldap_client -BackupPath $notAFolder -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupFailed,*'
        Get-Writes | Should -BeNullOrEmpty
        Get-RESimulatorThumbprint $sim ldap_client | Should -Be (@($ldap.Leaf.Thumbprint) * 3)
    }
}

Describe '-BackupPath on Update-RECertificateLegacy' {
    BeforeAll {
        $script:legacy = Start-RESimulator -ArgumentList '--version', '7.4.2-54'
        $script:legacySession = Connect-RETestCluster $legacy -NoDefault
    }
    AfterAll { $script:legacy | Stop-RESimulator }

    It 'keeps the old certificate before each update, and the rollback restores it' {
        $dir = New-TestFolder
        $old = (Get-RESimulatorThumbprint $legacy syncer)[0]
        $new = New-RETestChain -LeafSubject 'CN=cluster.local' -DnsName 'cluster.local'
        Write-RETestPem $dir syncer.pem ($new.ChainPem + $new.KeyPem) | Out-Null
        $backups = Join-Path $dir 'backups'
        Update-RECertificateLegacy -Path (Join-Path $dir 'syncer.pem') -Session $legacySession -BackupPath $backups -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $legacy syncer | Should -Be (@($new.Leaf.Thumbprint) * 3)
        $folder = @(Get-ChildItem -LiteralPath (Join-Path $backups 'cluster.local') -Directory)[0].FullName
        Get-ChildItem (Join-Path $folder '*.pem') | Update-RECertificateLegacy -Session $legacySession -Force -WarningAction SilentlyContinue
        Get-RESimulatorThumbprint $legacy syncer | Should -Be (@($old) * 3)
    }
}

Describe 'Secrets in the renewal cmdlets' {
    It 'never writes a private key to any stream, even with -Verbose and -Debug' {
        $dir = New-TestFolder
        $password = ConvertTo-SecureString 'Str3am-Passw0rd' -AsPlainText -Force
        $new = New-RETestChain -LeafSubject 'CN=cluster.local' -DnsName 'cluster.local'
        Write-RETestPem $dir syncer.pem ($new.ChainPem + $new.KeyPem) | Out-Null
        $held = Get-RECertificate -IncludePrivateKey
        $keyLines = @($held | ForEach-Object { [Net.NetworkCredential]::new('', $_.PrivateKey).Password -split "`n" } | Where-Object { $_ -match '^[A-Za-z0-9+/=]{40,}$' })
        $keyLines.Count | Should -BeGreaterThan 10
        $everything = & {
            New-RECertificateRequest -Name proxy -Path $dir -Password $password -Verbose -Debug
            $held | Export-RECertificate -Path (Join-Path $dir 'export') -Password $password -Verbose -Debug
            Set-RECertificate -Path (Join-Path $dir 'syncer.pem') -BackupPath (Join-Path $dir 'backups') -Force -Verbose -Debug
            $held | Export-RECertificateReport -Path (Join-Path $dir 'report.html') -Verbose -Debug
        } *>&1 | Out-String -Width 400
        $everything | Should -Match 'Backed up syncer'
        $everything | Should -Not -Match 'PRIVATE KEY-----'
        $everything | Should -Not -Match 'Str3am-Passw0rd'
        foreach ($line in $keyLines) { $everything.Contains($line) | Should -BeFalse }
        (Get-Content -LiteralPath (Join-Path $dir 'report.html') -Raw).Contains($keyLines[0]) | Should -BeFalse
    }
}
