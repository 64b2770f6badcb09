# Hardening, round three (issue 23, items 1-9), through the built module against the simulator: key files and
# folders owner-only from their first moment, odd answers of the cluster (GET /v1/nodes, duplicate properties,
# control characters) that must neither crash nor reach the console raw, and hostile certificate files.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ('recert-hardening3-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $dir
    function script:Get-Mode([string] $Path) { (stat -c '%a' $Path) }
    function script:New-TestFolder { $folder = Join-Path $dir ([guid]::NewGuid().ToString('n')); $null = New-Item -ItemType Directory -Path $folder; $folder }
    $script:esc = [char]0x1B
    $script:bel = [char]0x07
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $script:dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Key files and their folders are the owner''s from the first moment' -Skip:$IsWindows {
    It 'creates the folders of Export-RECertificate 700 and never shows a key file wider than 600, not even at its creation' {
        $target = Join-Path (New-TestFolder) 'exports'
        # The cluster's folder is made by the export (700); a watcher on the folder above it reads the mode of every
        # file as soon as it is told the file exists. It may be told late (the event is asynchronous), so this shows
        # no wider mode was seen, and the xUnit OwnerOnlyFileTests show the mode at the moment of creation.
        $null = New-Item -ItemType Directory -Path $target
        $seen = [Collections.Concurrent.ConcurrentBag[string]]::new()
        $watcher = [IO.FileSystemWatcher]::new($target)
        $watcher.IncludeSubdirectories = $true
        $watcher.EnableRaisingEvents = $true
        $job = Register-ObjectEvent -InputObject $watcher -EventName Created -MessageData $seen -Action {
            try { $Event.MessageData.Add("$($EventArgs.Name)=$([IO.File]::GetUnixFileMode($EventArgs.FullPath))") } catch { }
        }
        try {
            Get-RECertificate -Name proxy, cm -IncludePrivateKey | Export-RECertificate -Path $target
            Start-Sleep -Milliseconds 500
        }
        finally {
            Unregister-Event -SourceIdentifier $job.Name
            $watcher.Dispose()
        }

        Get-Mode (Join-Path $target 'cluster.local') | Should -Be '700'
        Get-Mode (Join-Path $target 'cluster.local/proxy.key') | Should -Be '600'
        Get-Mode (Join-Path $target 'cluster.local/cm.key') | Should -Be '600'
        $keys = @($seen | Where-Object { $_ -like '*.key*' })
        $keys | Where-Object { $_ -notlike '*=UserRead, UserWrite' } | Should -BeNullOrEmpty
    }

    It 'creates the -Path of New-RECertificateRequest and the -BackupPath folders 700' {
        $root = New-TestFolder
        $requests = Join-Path $root 'requests/proxy'
        $null = New-RECertificateRequest -Name proxy -Path $requests -Force
        Get-Mode (Join-Path $root 'requests') | Should -Be '700'
        Get-Mode $requests | Should -Be '700'
        Get-Mode (Join-Path $requests 'proxy.key') | Should -Be '600'

        $backups = Join-Path $root 'backups'
        $chain = New-RETestChain -LeafSubject 'CN=cluster.local' -DnsName 'cluster.local', '*.cluster.local'
        Set-RECertificate -Name proxy -Certificate $chain.ChainPem -Key (ConvertTo-SecureString $chain.KeyPem -AsPlainText -Force) -BackupPath $backups -Force -WarningAction SilentlyContinue
        Get-Mode $backups | Should -Be '700'
        $clusterFolder = Join-Path $backups 'cluster.local'
        Get-Mode $clusterFolder | Should -Be '700'
        $stamp = @(Get-ChildItem -LiteralPath $clusterFolder -Directory)[0].FullName
        Get-Mode $stamp | Should -Be '700'
        Get-Mode (Join-Path $stamp 'proxy.key') | Should -Be '600'
    }
}

Describe 'An odd GET /v1/nodes answer leaves the version unknown' {
    AfterEach { Clear-RESimulatorFault $sim }

    It 'connects with the version unknown and a verbose note for <Case>' -TestCases @(
        @{ Case = 'a list of numbers'; Body = '[1]' }
        @{ Case = 'a fractional uid'; Body = '[{"uid":1.5,"software_version":"7.22.2-54"}]' }
        @{ Case = 'a uid too large'; Body = '[{"uid":1099511627776,"software_version":"7.22.2-54"}]' }
        @{ Case = 'digits of another script'; Body = '[{"uid":1,"software_version":"\u0667.22.2-54"}]' }
    ) {
        Set-RESimulatorFault $sim @{ rawAnswer = @{ path = '/v1/nodes'; body = $Body } }
        $verbose = Connect-RETestCluster $sim -NoDefault -Extra @{ Verbose = $true } 4>&1
        $connected = @($verbose | Where-Object { $_ -is [RECertificates.RESession] })
        $connected.Count | Should -Be 1
        @($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -like '*software version*unknown*' }).Count | Should -Be 1
        $connected[0] | Disconnect-RECluster
    }
}

Describe 'What the cluster says reaches the console with its control characters escaped' {
    AfterEach { Clear-RESimulatorFault $sim }

    It 'escapes ESC sequences of a software_version in verbose text' {
        $version = "$esc]0;owned$bel$esc[2J7.22.2-54"
        Set-RESimulatorFault $sim @{ rawAnswer = @{ path = '/v1/nodes'; body = (ConvertTo-Json -Compress @(@{ uid = 1; software_version = $version })) } }
        $output = Connect-RETestCluster $sim -NoDefault -Extra @{ Verbose = $true } 4>&1
        $messages = @($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $messages | Where-Object { $_.IndexOf($esc) -ge 0 -or $_.IndexOf($bel) -ge 0 } | Should -BeNullOrEmpty
        @($messages | Where-Object { $_ -like '*\u001B]0;owned\u0007\u001B`[2J7.22.2-54*' }).Count | Should -Be 1 -Because ($messages -join "`n")
        $output | Where-Object { $_ -is [RECertificates.RESession] } | Disconnect-RECluster
    }

    It 'escapes a cluster name with ESC sequences in errors, warnings and verbose text alike' {
        $name = "evil$esc[31m.cluster"
        Set-RESimulatorFault $sim @{ rawAnswer = @{ path = '/v1/cluster'; body = (ConvertTo-Json -Compress @{ name = $name }) } }
        $evil = Connect-RETestCluster $sim -NoDefault
        $evil.ClusterName | Should -Be $name   # the data stays what the cluster said; only its display is escaped
        Set-RESimulatorFault $sim @{ rawAnswer = @{ path = '/v1/cluster/certificates'; body = "{`"proxy_cert`":`"a`",`"proxy_cert`":`"b$esc[2J`"}" } }
        $output = Get-RECertificate -Session $evil -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1
        $failures.Count | Should -Be 1
        $shown = "$($failures[0])"
        $shown.IndexOf($esc) | Should -Be -1
        $verbose = @($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_.IndexOf($esc) -ge 0 } | Should -BeNullOrEmpty
        $evil | Disconnect-RECluster
    }
}

Describe 'Duplicate properties in the certificates answer' {
    AfterEach { Clear-RESimulatorFault $sim }

    It 'refuses an answer that names <Property> twice as InvalidResponse, with and without keys' -TestCases @(
        @{ Property = 'proxy_cert'; Body = '{"proxy_cert":"-----BEGIN CERTIFICATE-----A","proxy_cert":"-----BEGIN CERTIFICATE-----B"}' }
        @{ Property = 'proxy_key'; Body = '{"proxy_cert":"-----BEGIN CERTIFICATE-----A","proxy_key":"one","proxy_key":"two"}' }
    ) {
        foreach ($withKeys in $false, $true) {
            Set-RESimulatorFault $sim @{ rawAnswer = @{ path = '/v1/cluster/certificates'; body = $Body } }
            $result = Get-RECertificate -IncludePrivateKey:$withKeys -ErrorVariable failures -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            "$($failures[0])" | Should -BeLike "*'$Property' twice*"
            "$($failures[0])" | Should -Not -BeLike '*two*'
        }
    }
}

Describe 'A hostile PKCS#12 file costs bounded work and Ctrl+C stops it' {
    BeforeAll {
        $script:slowKey = Join-Path $dir 'slow.key'
        $script:slowCrt = Join-Path $dir 'slow.crt'
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $slowKey -out $slowCrt -subj '/CN=proxy.cluster.local' -days 30 2>$null
        # A million PBKDF2 rounds for the certificates and as many for the key: at the ceiling, so it is read, slowly.
        $script:slowPfx = Join-Path $dir 'proxy.pfx'
        openssl pkcs12 -export -in $slowCrt -inkey $slowKey -out $slowPfx -passout pass:slow -iter 1000000 -nomaciter -keypbe AES-256-CBC -certpbe AES-256-CBC
        $script:hostilePfx = Join-Path $dir 'hostile/proxy.pfx'
        $null = New-Item -ItemType Directory -Path (Split-Path $hostilePfx)
        openssl pkcs12 -export -in $slowCrt -inkey $slowKey -out $hostilePfx -passout pass:slow -iter 4000000 -nomac -keypbe AES-256-CBC -certpbe AES-256-CBC
    }

    It 'refuses a PFX whose derivations ask for four million iterations, naming the ceiling, and sends nothing' {
        Clear-RESimulatorRequest $sim
        $password = ConvertTo-SecureString 'slow' -AsPlainText -Force
        Set-RECertificate -Path $hostilePfx -Password $password -Force -ErrorVariable failures -ErrorAction SilentlyContinue
        @($failures | Where-Object FullyQualifiedErrorId -like 'KeyDerivationTooCostly,*').Count | Should -Be 1 -Because ($failures.FullyQualifiedErrorId -join ', ')
        "$($failures[0])" | Should -BeLike '*4000000 iterations*1,000,000*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'stops Test-RECertificate in the middle of a key derivation when the pipeline is stopped' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddArgument((Get-RETestPath).Module).Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddCommand('Test-RECertificate').AddParameter('Path', $slowPfx).AddParameter('Password', (ConvertTo-SecureString 'slow' -AsPlainText -Force))
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 300
            $ps.InvocationStateInfo.State | Should -Be 'Running' -Because 'two million rounds of PBKDF2 are still being worked through'
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # A bound, not a speed test: the derivation checks the stop token as it goes (it used to run to its end).
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        }
        finally { $ps.Dispose() }
    }
}

Describe 'What a file is, said right, before anything is sent' {
    BeforeEach { Clear-RESimulatorRequest $sim }

    It 'reads a PKCS#12 file in PEM armor as the PKCS#12 file it is' {
        $issued = New-RETestCertificate -Subject 'CN=proxy.cluster.local' -DnsName 'proxy.cluster.local', '*.cluster.local'
        $withKey = [Security.Cryptography.X509Certificates.X509Certificate2]::new($issued.Certificate.Export('Pfx', 'armor'), 'armor', 'Exportable')
        $armored = "-----BEGIN PKCS12-----`n" + [Convert]::ToBase64String($withKey.Export('Pfx', 'armor'), 'InsertLineBreaks') + "`n-----END PKCS12-----`n"
        $path = Write-RETestPem (New-TestFolder) 'proxy.pem' $armored
        $result = Test-RECertificate -Path $path -Password (ConvertTo-SecureString 'armor' -AsPlainText -Force) -WarningAction SilentlyContinue
        $result.Certificate.Thumbprint | Should -Be $issued.Thumbprint
        $result.Errors | Should -BeNullOrEmpty
    }

    It 'refuses <Case>, naming the certificates, and sends nothing' -TestCases @(
        @{ Case = 'a chain that repeats a certificate'; Id = 'ChainRepeatsCertificate' }
        @{ Case = 'a CA certificate as the proxy leaf'; Id = 'LeafIsCertificateAuthority' }
    ) {
        $chain = New-RETestChain -LeafSubject 'CN=proxy.cluster.local' -DnsName 'proxy.cluster.local', '*.cluster.local'
        $pem, $key, $named = switch ($Id) {
            'ChainRepeatsCertificate' { ($chain.ChainPem + $chain.Intermediate.CertificatePem), $chain.KeyPem, $chain.Intermediate.Thumbprint }
            'LeafIsCertificateAuthority' { $chain.Intermediate.CertificatePem, $chain.Intermediate.KeyPem, $chain.Intermediate.Thumbprint }
        }
        Set-RECertificate -Name proxy -Certificate $pem -Key (ConvertTo-SecureString $key -AsPlainText -Force) -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $refused = @($failures | Where-Object FullyQualifiedErrorId -like "$Id,*")
        $refused.Count | Should -Be 1 -Because ($failures.FullyQualifiedErrorId -join ', ')
        "$($refused[0])" | Should -BeLike "*$named*"
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }

    It 'refuses a PEM of 600 certificates that share one subject, naming the limit' {
        $one = New-RETestCertificate -Subject 'CN=proxy.cluster.local' -Algorithm ECDSA -KeySize 256
        $path = Write-RETestPem (New-TestFolder) 'proxy.pem' ([string]::Concat([Linq.Enumerable]::Repeat([string]$one.CertificatePem, 600)))
        Set-RECertificate -Path $path -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($failures | Where-Object FullyQualifiedErrorId -like 'ChainTooLong,*').Count | Should -Be 1 -Because ($failures.FullyQualifiedErrorId -join ', ')
        "$($failures[0])" | Should -BeLike '*more than 100 certificates*'
        @(Get-RESimulatorRequest $sim -Write).Count | Should -Be 0
    }
}
