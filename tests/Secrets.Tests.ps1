# No password, private key, Authorization value or base64 of user:password may reach any stream, error,
# exception text or object view, whatever a cmdlet does, succeeds or fails, with -Verbose and -Debug.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:password = 'Pw-' + [guid]::NewGuid().ToString('n').Substring(0, 12)
    $script:sim = Start-RESimulator -Password $password
    $script:credential = $sim.Credential
    $script:wrongPassword = 'Wrong-' + [guid]::NewGuid().ToString('n').Substring(0, 12)
    $script:wrong = [pscredential]::new('admin@example.com', (ConvertTo-SecureString $wrongPassword -AsPlainText -Force))

    # Certificates and keys to send, written where the cmdlets read them.
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) ('recert-secrets-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $folder
    $script:proxy = New-RETestChain
    Set-Content -LiteralPath (Join-Path $folder 'proxy.pem') -Value $proxy.ChainPem -NoNewline
    Set-Content -LiteralPath (Join-Path $folder 'proxy.key') -Value $proxy.KeyPem -NoNewline
    $script:other = New-RETestCertificate -Subject 'CN=mismatch.secrets.test'
    $script:mismatch = Join-Path $folder 'mismatch'
    $null = New-Item -ItemType Directory -Path $mismatch
    Set-Content -LiteralPath (Join-Path $mismatch 'syncer.pem') -Value $proxy.Leaf.CertificatePem -NoNewline
    Set-Content -LiteralPath (Join-Path $mismatch 'syncer.key') -Value $other.KeyPem -NoNewline

    # What must never be seen: the passwords, the Basic header, and every line of every private key involved.
    $clusterPem = (Invoke-RestMethod "$($sim.Url)/v1/cluster/certificates" -Credential $credential -Authentication Basic -SkipCertificateCheck).PSObject.Properties
    $clusterKeys = $clusterPem | Where-Object Name -like '*_key' | ForEach-Object Value
    # A private key holds the public modulus too, so a line of it can coincide with a line of its (public)
    # certificate: only the lines found in no certificate are secret.
    $publicLines = @($clusterPem | Where-Object Name -like '*_cert' | ForEach-Object Value) + $proxy.ChainPem + $other.CertificatePem |
        ForEach-Object { $_ -split "`r?`n" }
    $keyLines = @($clusterKeys) + $proxy.KeyPem + $other.KeyPem | ForEach-Object { $_ -split "`r?`n" } |
        Where-Object { $_ -and $_ -notlike '-----*' -and $_.Length -ge 16 -and $_ -notin $publicLines }
    $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("admin@example.com:$password"))
    $basicWrong = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("admin@example.com:$wrongPassword"))
    $script:forbidden = @($password, $wrongPassword, $basic, $basicWrong, 'PRIVATE KEY-----') + $keyLines

    function script:Invoke-Captured([scriptblock] $Script) {
        # Every stream merged into one, with -Verbose and -Debug on, and errors kept with their full exception.
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'
        $ProgressPreference = 'SilentlyContinue'
        $records = [Collections.Generic.List[object]]::new()
        try { & $Script *>&1 | ForEach-Object { $records.Add($_) } }
        catch { $records.Add($_) }
        $text = foreach ($record in $records) {
            if ($record -is [Management.Automation.ErrorRecord]) {
                $record.ToString(); $record.Exception.ToString(); "$($record.TargetObject)"; "$($record.ErrorDetails)"
            }
            elseif ($record -is [string] -or $record -is [Management.Automation.InformationalRecord]) { "$record" }
            else {
                $record | Format-List * | Out-String
                $record | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue
                "$record"
            }
        }
        [pscustomobject]@{ Records = $records; Text = ($text -join "`n") }
    }

    function script:Assert-NoSecret($Captured) {
        $Captured.Records.Count | Should -BeGreaterThan 0
        foreach ($secret in $forbidden) {
            if ($Captured.Text.Contains($secret)) { throw "A secret leaked: '$($secret.Substring(0, [Math]::Min(6, $secret.Length)))...' appears in the captured output." }
        }
    }
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Secrets never leak' {
    It 'Connect-RECluster, succeeding and failing' {
        Assert-NoSecret (Invoke-Captured { Connect-RECluster $sim.Url -Credential $credential -CertificateThumbprint $sim.Thumbprint -Verbose -Debug })
        Assert-NoSecret (Invoke-Captured { Connect-RECluster $sim.Url -Credential $wrong -CertificateThumbprint $sim.Thumbprint -Verbose -Debug })
        Assert-NoSecret (Invoke-Captured { Connect-RECluster $sim.Url -Credential $credential -Verbose -Debug })
        $null = Invoke-RESimulatorControl $sim 'unlock' -Method POST
    }

    It 'Get-RECertificate, with and without keys, and under faults' {
        $session = Connect-RETestCluster $sim
        $captured = Invoke-Captured { Get-RECertificate -IncludePrivateKey -Verbose -Debug }
        @($captured.Records | Where-Object { $_ -is [RECertificates.RECertificate] }).Count | Should -Be 7
        # The debug text did show the bodies, with the keys replaced.
        $captured.Text | Should -BeLike '*<redacted>*'
        Assert-NoSecret $captured
        Set-RESimulatorFault $sim @{ dropConnections = 1; status = @{ code = 500; count = 1 } }
        Assert-NoSecret (Invoke-Captured { Get-RECertificate -Verbose -Debug; Get-RECertificate -Verbose -Debug })
        Clear-RESimulatorFault $sim
        Assert-NoSecret (Invoke-Captured { $session; "$session"; $session | Format-List * | Out-String; $session | ConvertTo-Json -Depth 2 })
    }

    It 'Set-RECertificate from files, succeeding, refused locally, refused by the cluster, and with -WhatIf' {
        $null = Connect-RETestCluster $sim
        Assert-NoSecret (Invoke-Captured { Set-RECertificate -Path (Join-Path $folder '*.pem') -WhatIf -Verbose -Debug })
        Assert-NoSecret (Invoke-Captured { Set-RECertificate -Path (Join-Path $folder '*.pem') -Force -PassThru -Verbose -Debug })
        Assert-NoSecret (Invoke-Captured { Set-RECertificate -Path (Join-Path $mismatch '*.pem') -Force -Verbose -Debug })
        Set-RESimulatorFault $sim @{ failNodeUpdates = 1 }
        Assert-NoSecret (Invoke-Captured { Set-RECertificate -Name proxy -Certificate $proxy.ChainPem -Key (ConvertTo-SecureString $proxy.KeyPem -AsPlainText -Force) -Force -Verbose -Debug })
        Set-RESimulatorFault $sim @{ status = @{ code = 400; count = 1; method = 'PUT' } }
        Assert-NoSecret (Invoke-Captured { Set-RECertificate -Path (Join-Path $folder 'proxy.pem') -Force -Verbose -Debug })
        Clear-RESimulatorFault $sim
    }

    It 'copying a certificate with its key between clusters' {
        $target = Start-RESimulator
        try {
            $source = Connect-RETestCluster $sim -NoDefault
            $destination = Connect-RETestCluster $target -NoDefault
            Assert-NoSecret (Invoke-Captured { Get-RECertificate proxy -IncludePrivateKey -Session $source | Set-RECertificate -Session $destination -Force -PassThru -Verbose -Debug })
        }
        finally { $target | Stop-RESimulator }
    }

    It 'Update-RECertificateLegacy, Test-RECertificate and Remove-RECertificate' {
        $null = Connect-RETestCluster $sim
        Assert-NoSecret (Invoke-Captured { Update-RECertificateLegacy -Path (Join-Path $folder 'proxy.pem') -Force -Verbose -Debug })
        Assert-NoSecret (Invoke-Captured { Update-RECertificateLegacy -Path (Join-Path $mismatch 'syncer.pem') -Force -Verbose -Debug })
        Assert-NoSecret (Invoke-Captured { Test-RECertificate -Path (Join-Path $folder '*.pem'), (Join-Path $mismatch '*.pem') -Verbose -Debug })
        Set-RESimulatorCertificate $sim @{ ldap_client_cert = $proxy.Leaf.CertificatePem; ldap_client_key = $proxy.KeyPem }
        Assert-NoSecret (Invoke-Captured { Remove-RECertificate ldap_client -Force -PassThru -Verbose -Debug; Remove-RECertificate ldap_client -Force -Verbose -Debug })
    }

    It 'Disconnect-RECluster, of a session and of one already closed' {
        $session = Connect-RETestCluster $sim -NoDefault
        Assert-NoSecret (Invoke-Captured { Disconnect-RECluster -Session $session -Verbose -Debug; "$session"; Get-RECertificate -Session $session -Verbose -Debug })
    }
}

Describe 'A transcript of every cmdlet with -Verbose -Debug' {
    It 'holds no password, key or Authorization header, also when the input itself is hostile' {
        $transcript = Join-Path $folder 'transcript.txt'
        # The cluster must not hold proxy.pem yet (earlier tests sent it): an unchanged certificate needs no confirmation.
        $previous = New-RETestCertificate -Subject 'CN=previous.secrets.test'
        Set-RESimulatorCertificate $sim @{ proxy_cert = $previous.CertificatePem; proxy_key = $previous.KeyPem }
        $script = @'
$ErrorActionPreference = 'Continue'
Import-Module $env:RECERT_MODULE_PATH
$credential = [pscredential]::new('admin@example.com', (ConvertTo-SecureString $env:SIM_PASSWORD -AsPlainText -Force))
$wrong = [pscredential]::new('admin@example.com', (ConvertTo-SecureString $env:WRONG_PASSWORD -AsPlainText -Force))
$key = ConvertTo-SecureString (Get-Content -LiteralPath $env:KEY_FILE -Raw) -AsPlainText -Force
$null = Start-Transcript -LiteralPath $env:TRANSCRIPT
$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
# Connect-RECluster errors are non-terminating (for fleet scripts); -ErrorAction Stop makes them throw, so Step prints their ErrorId.
function Step([scriptblock] $Run) { try { & $Run | Out-Host } catch { $_ | Out-Host; $_.FullyQualifiedErrorId | Out-Host; $_.Exception | Format-List * -Force | Out-Host } }
Step { Connect-RECluster $env:SIM_URL -Credential $wrong -CertificateThumbprint $env:SIM_THUMBPRINT -Verbose -Debug -ErrorAction Stop }
Step { Connect-RECluster $env:SIM_URL -Credential $credential -Verbose -Debug -ErrorAction Stop }
Step { Connect-RECluster ($env:SIM_URL -replace 'https://', "https://admin:$($env:SIM_PASSWORD)@") -Credential $credential -Verbose -Debug -ErrorAction Stop }
Step { Connect-RECluster $env:SIM_URL -Credential $credential -Proxy "http://proxy:$($env:SIM_PASSWORD)@127.0.0.1:1" -Verbose -Debug -ErrorAction Stop }
Step { Connect-RECluster $env:SIM_URL -Credential $credential -CertificateThumbprint $env:SIM_THUMBPRINT -Verbose -Debug | Format-List * }
Step { Get-RECertificate -IncludePrivateKey -Verbose -Debug | Format-List * }
Step { Get-RECertificate nothing_here -Verbose -Debug }
Step { Test-RECertificate -Path $env:CERT_FILE -Verbose -Debug | Format-List * }
Step { Set-RECertificate -Path $env:CERT_FILE -WhatIf -Verbose -Debug }
# Before the -Force run: once the cluster holds this certificate, nothing is left to confirm.
Step { Set-RECertificate -Path $env:CERT_FILE -Verbose -Debug }
Step { Set-RECertificate -Path $env:CERT_FILE -Force -PassThru -Verbose -Debug | Format-List * }
Step { Set-RECertificate -Name proxy -Certificate ((Get-Content -LiteralPath $env:CERT_FILE -Raw) + (Get-Content -LiteralPath $env:KEY_FILE -Raw)) -Key $key -Force -Verbose -Debug }
Step { Update-RECertificateLegacy -Path $env:CERT_FILE -Force -Verbose -Debug }
Step { Remove-RECertificate ldap_client -Force -Verbose -Debug }
Step { Disconnect-RECluster -Verbose -Debug }
Stop-Transcript
'@
        $result = Invoke-FreshPwsh -Script $script -Environment @{
            SIM_URL = $sim.Url; SIM_THUMBPRINT = $sim.Thumbprint; SIM_PASSWORD = $password; WRONG_PASSWORD = $wrongPassword
            CERT_FILE = (Join-Path $folder 'proxy.pem'); KEY_FILE = (Join-Path $folder 'proxy.key'); TRANSCRIPT = $transcript
        }
        $null = Invoke-RESimulatorControl $sim 'unlock' -Method POST
        $text = Get-Content -LiteralPath $transcript -Raw
        # The run did what it should: every cmdlet ran, the hostile inputs were refused.
        foreach ($expected in 'ServerCertificateNotTrusted', 'AuthenticationFailed', 'InvalidUri', 'CredentialInProxyAddress', '-Certificate holds a private key block', 'ConfirmationRequired', 'What if:', 'is not set on cluster', '<redacted>') {
            $text | Should -BeLike "*$expected*" -Because "the transcript should show $expected"
        }
        $text | Should -Match 'GET .*/v1/cluster/certificates -> 200'
        foreach ($secret in $forbidden) {
            if ($text.Contains($secret)) { throw "A secret leaked into the transcript: '$($secret.Substring(0, [Math]::Min(6, $secret.Length)))...'." }
        }
        $result.Output + $result.ErrorOutput | Should -Not -BeLike "*$password*"
    }
}
