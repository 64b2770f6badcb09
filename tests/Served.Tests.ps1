# What every node serves: Get-REServedCertificate against a simulator of three nodes (127.0.0.1..3), each with its
# own TLS listeners for api, cm, metrics_exporter and the TLS database, each presenting what THAT node holds; and
# -Verify on Set-RECertificate / Update-RECertificateLegacy, which waits until every node serves the new leaf.
# What a probe sent is proven by the simulator: its /v1 request log and /__sim/handshakes (bytes after the handshake).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator -ArgumentList '--nodes', '3'
    $script:session = Connect-RETestCluster $sim -Extra @{ MaximumRetryCount = 2; TimeoutSec = 5 }
    $script:ports = @{ metrics_exporter = $sim.MetricsPort }
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("recert-served-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $dir
    $script:ca = New-RETestCertificate -Subject 'CN=Served Test CA' -CertificateAuthority

    function script:New-Proxy {
        $leaf = New-RETestCertificate -Subject 'CN=cluster.local' -DnsName 'cluster.local', '*.cluster.local', '*.internal.cluster.local' -Issuer $ca
        $folder = Join-Path $dir ([guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $folder
        [pscustomobject]@{
            Thumbprint = $leaf.Certificate.Thumbprint
            Pem        = $leaf.CertificatePem + "`n" + $ca.CertificatePem
            Key        = $leaf.KeyPem
            Path       = (Write-RETestPem $folder proxy.pem ($leaf.CertificatePem + $ca.CertificatePem + $leaf.KeyPem))
        }
    }
    # Stages what one node holds, as a node that missed an update would.
    function script:Set-NodeCertificate($Node, $Name, $Proxy) {
        $null = Invoke-RESimulatorControl $sim "certificates?node=$Node" -Method PUT -Body @{ "$($Name)_cert" = $Proxy.Pem; "$($Name)_key" = $Proxy.Key }
    }
    function script:Get-Served { Get-REServedCertificate -Session $session -Port $ports @args }
    function script:Get-Writes { @(Get-RESimulatorRequest $sim -Write) }
    function script:Get-Handshakes { @(Invoke-RESimulatorControl $sim 'handshakes' | ForEach-Object { $_ }) }
}

AfterAll {
    $script:sim | Stop-RESimulator
    Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-REServedCertificate' {
    BeforeEach {
        Clear-RESimulatorFault $sim
        Clear-RESimulatorRequest $sim
        $null = Invoke-RESimulatorControl $sim 'handshakes' -Method DELETE
        # Every node holds what node 1 holds (an earlier test may have left node 3 behind).
        $record = Get-RECertificate -Session $session -Name proxy -IncludePrivateKey
        Set-RESimulatorCertificate $sim @{ proxy_cert = $record.CertificatePem; proxy_key = (ConvertFrom-SecureString $record.PrivateKey -AsPlainText) }
        Clear-RESimulatorRequest $sim
    }

    It 'reads every node on every endpoint, and every one serves what the record holds' {
        $served = @(Get-Served)
        $served.Count | Should -Be 12
        $served | Should -BeOfType ([RECertificates.REServedCertificate])
        ($served | Group-Object Name | ForEach-Object { "$($_.Name)=$(@($_.Group.NodeUid) -join ',')" }) -join ' ' |
            Should -Be 'api=1,2,3 cm=1,2,3 metrics_exporter=1,2,3 proxy=1,2,3'
        @($served | Where-Object Name -eq 'api' | ForEach-Object Address) | Should -Be @('127.0.0.1', '127.0.0.2', '127.0.0.3')
        @($served | Where-Object Name -eq 'cm').Port | Select-Object -Unique | Should -Be $sim.CmPort
        @($served | Where-Object Name -eq 'proxy').Port | Select-Object -Unique | Should -Be $sim.DatabasePort
        @($served | Where-Object { $_.Error -or -not $_.MatchesCluster }).Count | Should -Be 0
        $record = Get-RECertificate -Session $session
        foreach ($endpoint in $served) {
            $endpoint.Thumbprint | Should -Be ($record | Where-Object Name -eq $endpoint.Name).Thumbprint
            $endpoint.ClusterName | Should -Be 'cluster.local'
            $endpoint.DaysRemaining | Should -BeGreaterThan 300
        }
        ($served[0].PSObject.Properties.Name | Sort-Object) -join ',' |
            Should -Be 'Address,ClusterName,DaysRemaining,Error,MatchesCluster,Name,NodeUid,NotAfter,Port,Subject,Thumbprint'
    }

    It 'sends nothing but a TLS handshake: no credential, no client certificate, no byte after it, no request' {
        $null = Get-Served
        $handshakes = Get-Handshakes
        $handshakes.Count | Should -BeGreaterOrEqual 8   # node 1's api is Kestrel's, and not in this list
        $handshakes | ForEach-Object { $_.bytesAfterHandshake | Should -Be 0; $_.clientCertificate | Should -BeNullOrEmpty }
        # The only /v1 requests are the four GETs of the plan and the record: a probe never reached the REST API.
        @(Get-RESimulatorRequest $sim | ForEach-Object { "$($_.method) $($_.path)" }) |
            Should -Be @('GET /v1/nodes', 'GET /v1/cluster', 'GET /v1/bdbs', 'GET /v1/cluster/certificates')
    }

    It 'shows a node that is behind, in the objects and at a glance in the table' {
        $old = New-Proxy
        Set-NodeCertificate 3 proxy $old
        $proxy = @(Get-Served -Name proxy)
        $proxy.Count | Should -Be 3
        @($proxy | Where-Object { -not $_.MatchesCluster }).NodeUid | Should -Be 3
        ($proxy | Where-Object NodeUid -eq 3).Thumbprint | Should -Be $old.Thumbprint
        ($proxy | Where-Object NodeUid -eq 3).Error | Should -BeNullOrEmpty
        $table = $proxy | Format-Table | Out-String -Width 200
        $table | Should -Match '(?m)^proxy\s+3\s+127\.0\.0\.3\s+\d+\s+BEHIND\s'
        $table | Should -Match '(?m)^proxy\s+1\s+127\.0\.0\.1\s+\d+\s+current\s'
    }

    It 'reports a node that is down with Error, and still reads the others' {
        Set-RESimulatorFault $sim @{ downNodes = @(2) }
        $served = @(Get-Served -Name cm, proxy)
        $down = @($served | Where-Object NodeUid -eq 2)
        $down.Count | Should -Be 2
        $down | ForEach-Object { $_.Error | Should -Not -BeNullOrEmpty; $_.Thumbprint | Should -BeNullOrEmpty; $_.MatchesCluster | Should -BeFalse }
        @($served | Where-Object { $_.NodeUid -ne 2 -and $_.MatchesCluster }).Count | Should -Be 4
        ($down | Format-Table | Out-String -Width 200) | Should -Match 'UNREADABLE'
    }

    It 'goes into Export-RECertificateReport with the certificates, which lists first the node that serves something else' {
        $old = New-Proxy
        Set-NodeCertificate 2 proxy $old
        $report = Join-Path $dir 'served.html'
        $(Get-RECertificate -Session $session; Get-Served) | Export-RECertificateReport -Path $report -Force
        $html = Get-Content -LiteralPath $report -Raw
        $html | Should -BeLike '*What the nodes serve*<strong>1 endpoint serve something else</strong>*'
        $section = $html.Substring($html.IndexOf('What the nodes serve'))
        $section = $section.Substring(0, $section.IndexOf('</section>'))
        $rows = [regex]::Matches($section, '<tr class="(\w+)">.*?</tr>') | ForEach-Object Value
        $rows.Count | Should -Be 12
        $rows[0] | Should -BeLike "*Something else*proxy*127.0.0.2:$($sim.DatabasePort)*$($old.Thumbprint)*"
        @($rows | Select-Object -Skip 1 | Where-Object { $_ -like '*Something else*' }).Count | Should -Be 0
    }

    It 'selects names with wildcards, refuses a name nodes do not serve, and -Port overrides a port' {
        @(Get-Served -Name 'c*').Name | Select-Object -Unique | Should -Be 'cm'
        $null = Get-REServedCertificate -Session $session -Name ldap_client -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CertificateNotFound*'
        $elsewhere = @(Get-REServedCertificate -Session $session -Name metrics_exporter -Port @{ metrics_exporter = $sim.CmPort })
        $elsewhere.Port | Select-Object -Unique | Should -Be $sim.CmPort
        { Get-REServedCertificate -Session $session -Port @{ ldap_client = 1 } } | Should -Throw -ErrorId 'ParameterConflict*'
    }
}

Describe 'A database endpoint that asks for a client certificate' {
    BeforeAll {
        $script:mtls = Start-RESimulator -ArgumentList '--db-client-cert'
        $script:mtlsSession = Connect-RETestCluster $mtls -NoDefault
    }
    AfterAll { $script:mtls | Stop-RESimulator }

    It 'still shows the certificate it served before it refused the handshake, and no certificate was offered' {
        $proxy = @(Get-REServedCertificate -Session $mtlsSession -Name proxy)
        $proxy.Count | Should -Be 3
        $proxy | ForEach-Object { $_.Error | Should -BeNullOrEmpty; $_.MatchesCluster | Should -BeTrue }
        $handshakes = @(Invoke-RESimulatorControl $mtls 'handshakes' | ForEach-Object { $_ } | Where-Object name -eq 'proxy')
        $handshakes.Count | Should -Be 3
        $handshakes | ForEach-Object { $_.completed | Should -BeFalse; $_.clientCertificate | Should -BeNullOrEmpty }
    }
}

Describe 'Set-RECertificate -Verify' {
    BeforeEach {
        Clear-RESimulatorFault $sim
        Clear-RESimulatorRequest $sim
    }

    It 'waits until every node serves the new certificate (a proxy that kept the old one for a while, RS154601)' {
        $new = New-Proxy
        Set-RESimulatorFault $sim @{ staleProxySeconds = 3 }
        $output = Set-RECertificate $new.Path -Session $session -Force -Verify -VerifyTimeoutSec 60 -Verbose -ErrorVariable failures -WarningAction SilentlyContinue 4>&1
        $failures.Count | Should -Be 0
        ($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" |
            Should -Match 'every reachable node of cluster .cluster\.local. serves the new .proxy.'
        @(Get-Served -Name proxy | Where-Object { -not $_.MatchesCluster }).Count | Should -Be 0
        (Get-Served -Name proxy).Thumbprint | Select-Object -Unique | Should -Be $new.Thumbprint
    }

    It 'is NotServed, naming node, address, port and the served thumbprint, when a node stays behind' {
        $before = Get-RESimulatorThumbprint $sim proxy
        $new = New-Proxy
        # The red-team case: the answer is lost and node 3 missed the update, so the record shows the new one.
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'PUT' }; failNodeUpdates = 1 }
        Set-RECertificate $new.Path -Session $session -Force -Verify -VerifyTimeoutSec 2 -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $notServed = @($failures | Where-Object FullyQualifiedErrorId -like 'NotServed*')
        $notServed.Count | Should -Be 1
        "$($notServed[0])" | Should -BeLike "*node 3 (127.0.0.3:$($sim.DatabasePort))*$($before[2])*$($new.Thumbprint)*"
        $notServed[0].TargetObject | Should -Be 'proxy'
        (Get-RESimulatorThumbprint $sim proxy)[2] | Should -Be $before[2]
    }

    It 'warns about an endpoint it cannot reach, and does not fail for it' {
        $new = New-Proxy
        Set-RESimulatorFault $sim @{ downNodes = @(2) }
        Set-RECertificate $new.Path -Session $session -Force -Verify -VerifyTimeoutSec 2 -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
        $failures.Count | Should -Be 0
        ($warnings -join "`n") | Should -BeLike "*could not read the 'proxy' certificate that node 2 (127.0.0.2:$($sim.DatabasePort))*"
    }

    It 'Update-RECertificateLegacy -Verify waits for the nodes too' {
        $new = New-Proxy
        Set-RESimulatorFault $sim @{ staleProxySeconds = 2 }
        Update-RECertificateLegacy $new.Path -Session $session -Force -Verify -VerifyTimeoutSec 60 -ErrorVariable failures -WarningAction SilentlyContinue
        $failures.Count | Should -Be 0
        (Get-Served -Name proxy).Thumbprint | Select-Object -Unique | Should -Be $new.Thumbprint
    }
}

Describe 'A lost answer while a node misses the update (the red-team reproduction)' {
    BeforeEach {
        Clear-RESimulatorFault $sim
        Clear-RESimulatorRequest $sim
    }

    It 'warns without -Verify that node completeness is unknown; a re-run with -Verify sends it again and every node serves it' {
        $new = New-Proxy
        Set-RESimulatorFault $sim @{ dropAfterWrite = @{ count = 1; method = 'PUT' }; failNodeUpdates = 1 }
        Set-RECertificate $new.Path -Session $session -Force -ErrorVariable failures -WarningVariable warnings -WarningAction SilentlyContinue
        $failures.Count | Should -Be 0
        ($warnings -join "`n") | Should -BeLike '*answer*was lost*whether every node took them is unknown*Get-REServedCertificate*-Verify*'
        $held = Get-RESimulatorThumbprint $sim proxy
        $held[0..1] | Should -Be @($new.Thumbprint, $new.Thumbprint)
        $held[2] | Should -Not -Be $new.Thumbprint
        (Get-Served -Name proxy | Where-Object NodeUid -eq 3).MatchesCluster | Should -BeFalse

        # The record already holds it: without -Verify the module calls it unchanged and sends nothing.
        Clear-RESimulatorRequest $sim
        Set-RECertificate $new.Path -Session $session -Force -WarningAction SilentlyContinue
        (Get-Writes).Count | Should -Be 0

        # With -Verify, "unchanged" means record AND nodes: node 3 serves another, so it is sent again.
        $output = Set-RECertificate $new.Path -Session $session -Force -Verify -VerifyTimeoutSec 30 -Verbose -ErrorVariable failures -WarningAction SilentlyContinue 4>&1
        $failures.Count | Should -Be 0
        (Get-Writes).Count | Should -Be 1
        ($output | Where-Object { $_ -is [Management.Automation.VerboseRecord] }).Message -join "`n" |
            Should -BeLike "*'proxy' is in the record*node 3 (127.0.0.3:*) serves thumbprint $($held[2])*sent again*"
        Get-RESimulatorThumbprint $sim proxy | Should -Be (@($new.Thumbprint) * 3)
        @(Get-Served -Name proxy | Where-Object { -not $_.MatchesCluster }).Count | Should -Be 0
    }

    It 'with -Verify, a certificate every node serves is still unchanged: nothing is sent' {
        $current = Get-RECertificate -Session $session -Name proxy -IncludePrivateKey
        Set-RECertificate -Session $session -InputObject $current -Force -Verify -WarningAction SilentlyContinue
        (Get-Writes).Count | Should -Be 0
    }
}
