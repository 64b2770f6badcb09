# Many clusters at once: Connect-RECluster with several URIs and Get-RECertificate over several sessions.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:fleet = 'alpha.local', 'bravo.local', 'charlie.local' | ForEach-Object { Start-RESimulator -ClusterName $_ }
    $script:pins = $fleet.Thumbprint
    $script:credential = $fleet[0].Credential
}

AfterAll {
    $script:fleet | Stop-RESimulator
}

Describe 'Connect-RECluster with several URIs' {
    It 'returns one session per cluster, in the order given' {
        $sessions = Connect-RECluster -Uri $fleet.Url -Credential $credential -CertificateThumbprint $pins -NoDefault
        $sessions.ClusterName | Should -Be @('alpha.local', 'bravo.local', 'charlie.local')
    }

    It 'takes the URIs from the pipeline too' {
        $sessions = $fleet.Url | Connect-RECluster -Credential $credential -CertificateThumbprint $pins -NoDefault
        $sessions.ClusterName | Should -Be @('alpha.local', 'bravo.local', 'charlie.local')
    }

    It 'connects the rest when one cluster cannot be reached, with an error naming it' {
        $uris = $fleet[0].Url, 'https://127.0.0.1:1', $fleet[2].Url
        $sessions = Connect-RECluster -Uri $uris -Credential $credential -CertificateThumbprint $pins -NoDefault -ErrorVariable failures -ErrorAction SilentlyContinue
        $sessions.ClusterName | Should -Be @('alpha.local', 'charlie.local')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ClusterUnreachable,*'
        $failures[0].TargetObject | Should -Be 'https://127.0.0.1:1'
    }
}

Describe 'Get-RECertificate over a fleet' {
    BeforeAll {
        $script:sessions = Connect-RECluster -Uri $fleet.Url -Credential $credential -CertificateThumbprint $pins -NoDefault
    }

    It 'returns every certificate of every cluster, by cluster as given and then by name' {
        $all = Get-RECertificate -Session $sessions[2], $sessions[0], $sessions[1]
        $all.Count | Should -Be 21
        $expected = foreach ($cluster in 'charlie.local', 'alpha.local', 'bravo.local') {
            foreach ($name in 'api', 'ccs_internode_encryption', 'cm', 'data_internode_encryption', 'metrics_exporter', 'proxy', 'syncer') { "$cluster/$name" }
        }
        ($all | ForEach-Object { "$($_.ClusterName)/$($_.Name)" }) | Should -Be $expected
    }

    It 'gives the same order for a pipeline of sessions' {
        ($sessions | Get-RECertificate -Name api).ClusterName | Should -Be @('alpha.local', 'bravo.local', 'charlie.local')
    }

    It 'keeps going when one cluster fails, and names it' {
        Set-RESimulatorFault $fleet[1] @{ status = @{ code = 500; count = 10 } }
        try {
            $result = Get-RECertificate -Session $sessions -Name api -ErrorVariable failures -ErrorAction SilentlyContinue
            $result.ClusterName | Should -Be @('alpha.local', 'charlie.local')
            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -Be 'bravo.local'
            "$($failures[0])" | Should -BeLike "*'bravo.local'*"
        }
        finally { Clear-RESimulatorFault $fleet[1] }
    }

    It 'never asks more clusters at once than -ThrottleLimit' {
        # Six sessions on one simulator whose every answer takes 1 s: with a throttle of 2 they arrive in
        # pairs, a second apart. Without the throttle all six would arrive together.
        $target = $fleet[0]
        $six = 1..6 | ForEach-Object { Connect-RETestCluster $target -NoDefault }
        Set-RESimulatorFault $target @{ latencyMs = 1000 }
        Clear-RESimulatorRequest $target
        try {
            $result = Get-RECertificate -Session $six -Name api -ThrottleLimit 2
            $result.Count | Should -Be 6
            $arrivals = @(Get-RESimulatorRequest $target | ForEach-Object { [DateTimeOffset]$_.time } | Sort-Object)
            $arrivals.Count | Should -Be 6
            $mostAtOnce = 0
            foreach ($start in $arrivals) {
                $together = @($arrivals | Where-Object { $_ -ge $start -and $_ -lt $start.AddMilliseconds(700) }).Count
                $mostAtOnce = [Math]::Max($mostAtOnce, $together)
            }
            $mostAtOnce | Should -Be 2
        }
        finally { Clear-RESimulatorFault $target }
    }

    It 'shows progress while it asks several clusters' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddParameter('Name', (Get-RETestPath).Module).AddStatement()
            $null = $shell.AddCommand('Get-RECertificate').AddParameter('Session', $sessions)
            $output = $shell.Invoke()
            $output.Count | Should -Be 21
            $activities = $shell.Streams.Progress | Where-Object Activity -eq 'Reading certificates from clusters'
            @($activities).Count | Should -BeGreaterThan 0
            ($activities | Select-Object -Last 1).RecordType | Should -Be 'Completed'
        }
        finally { $shell.Dispose() }
    }
}

Describe 'Set-RECertificate over a fleet with one cluster down' {
    BeforeAll {
        # A cluster of its own to stop, so the fleet the other tests share stays up.
        $script:down = Start-RESimulator -ClusterName 'delta.local'
        $script:three = Connect-RECluster -Uri $fleet[0].Url, $down.Url, $fleet[2].Url -Credential $credential -CertificateThumbprint $fleet[0].Thumbprint, $down.Thumbprint, $fleet[2].Thumbprint -NoDefault
        $down | Stop-RESimulator
        # syncer is not name-checked, so one certificate fits all three clusters.
        $script:syncer = New-RETestCertificate -Subject 'CN=syncer.example.com' -DnsName 'syncer.example.com'
    }

    AfterAll {
        $script:down | Stop-RESimulator
    }

    It 'replaces the certificate on the clusters that are up, names the one that is down, and finishes' {
        $key = ConvertTo-SecureString $syncer.KeyPem -AsPlainText -Force
        # A non-terminating error for the cluster that is down: a terminating one would end this test here.
        Set-RECertificate -Session $three -Name syncer -Certificate $syncer.CertificatePem -Key $key -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ClusterUnreachable,*'
        $failures[0].TargetObject | Should -Be 'delta.local'
        # The transport's message names the cluster by the address it could not reach.
        "$($failures[0])" | Should -BeLike "Could not reach the cluster at $($down.Url)*"
        $readBack = Get-RECertificate -Session $three[0], $three[2] -Name syncer
        $readBack.ClusterName | Should -Be @('alpha.local', 'charlie.local')
        $readBack.Thumbprint | Should -Be @($syncer.Thumbprint, $syncer.Thumbprint)
    }
}

Describe 'Set-RECertificate over a fleet with -Debug' {
    It 'shows each cluster''s PUT body in that cluster''s lines, in the order given, with the key redacted' {
        # The sends run at once, each into a buffer written out cluster by cluster: -Debug must show their bodies
        # as it does for one session (-Debug alone never prompts: the module writes verbose text as debug then).
        $two = Connect-RECluster -Uri $fleet[0].Url, $fleet[1].Url -Credential $credential -CertificateThumbprint $pins[0], $pins[1] -NoDefault
        # syncer is not name-checked, so one certificate fits both clusters.
        $syncer = New-RETestCertificate -Subject 'CN=syncer.example.com' -DnsName 'syncer.example.com'
        $key = ConvertTo-SecureString $syncer.KeyPem -AsPlainText -Force
        $all = @(Set-RECertificate -Session $two -Name syncer -Certificate $syncer.CertificatePem -Key $key -Force -Debug *>&1)
        $debug = @($all | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        $where = foreach ($cluster in $fleet[0], $fleet[1]) {
            $sending = @(0..($debug.Count - 1) | Where-Object { $debug[$_] -like "Sending * to cluster '$($cluster.ClusterName)'*" })
            $put = @(0..($debug.Count - 1) | Where-Object { $debug[$_] -like "PUT $($cluster.Url)/v1/cluster/certificates body: *" })
            $sending.Count | Should -Be 1 -Because ($debug -join "`n")
            $put.Count | Should -Be 1 -Because ($debug -join "`n")
            $debug[$put[0]] | Should -BeLike "*`"key`":`"<redacted>`"*"
            $debug[$put[0]] | Should -BeLike '*"certificate":"-----BEGIN CERTIFICATE-----*'
            $sending[0], $put[0]
        }
        # alpha's "Sending" and body, then bravo's: each cluster's lines together, in the order given.
        $where | Should -Be ($where | Sort-Object)
        $text = ($all | Out-String) + ($debug -join "`n")
        $text | Should -Not -BeLike '*PRIVATE KEY*'
        $text | Should -Not -BeLike "*$(($syncer.KeyPem -split "`n")[1].Trim())*"
        (Get-RECertificate -Session $two -Name syncer).Thumbprint | Should -Be @($syncer.Thumbprint, $syncer.Thumbprint)
    }
}
