# Many calls over one session: connections are pooled and nothing grows without bound.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers/RECertificates.TestHelpers.psm1') -Force
    Import-Module (Get-RETestPath).Module -Force
    $script:sim = Start-RESimulator
    $script:session = Connect-RETestCluster $sim -NoDefault
}

AfterAll {
    $script:sim | Stop-RESimulator
}

Describe 'Load over one session' -Tag 'Load' {
    It 'makes 2,000 calls over a bounded number of connections without leaking memory or handles' {
        # Warm up, so the first-call costs (JIT, TLS) are not counted as growth.
        1..50 | ForEach-Object { $null = Get-RECertificate -Session $session }
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $memoryBefore = [GC]::GetTotalMemory($true)
        $handlesBefore = (Get-Process -Id $PID).HandleCount
        $connectionsBefore = Invoke-RESimulatorControl $sim 'connections'

        for ($i = 0; $i -lt 2000; $i++) { $null = Get-RECertificate -Session $session }

        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $memoryGrowth = [GC]::GetTotalMemory($true) - $memoryBefore
        $handleGrowth = (Get-Process -Id $PID).HandleCount - $handlesBefore
        $connections = Invoke-RESimulatorControl $sim 'connections'

        # One pooled client per session: the calls reuse a handful of connections, never one each.
        ($connections.total - $connectionsBefore.total) | Should -BeLessOrEqual 4
        $connections.open | Should -BeLessOrEqual 4
        $memoryGrowth | Should -BeLessThan 20MB
        $handleGrowth | Should -BeLessThan 50
        @(Get-RESimulatorRequest $sim | Where-Object path -eq '/v1/cluster/certificates').Count | Should -BeGreaterOrEqual 2050
    }
}
