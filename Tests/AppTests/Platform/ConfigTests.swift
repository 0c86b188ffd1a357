import Domain
import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import Testing
@testable import App

/// Start-up options: flag, then `WARTA_…` variable, then default; each checked once, with the
/// place a bad value came from in the message.
@Suite struct ConfigTests {
    @Test func aFlagWinsOverItsVariableWhichWinsOverTheDefault() throws {
        // setup
        let environment: Environment = ["WARTA_PORT": "9090", "WARTA_IDLE_MINUTES": "45", "WARTA_HOST": "0.0.0.0"]
        // action
        let config = try AppConfig(ConfigSource(flags: ["port": "8181"], environment: environment))
        // check
        #expect(config.port == 8181)
        #expect(config.host == "0.0.0.0")
        #expect(config.session.idleTimeout == 45 * 60)
        #expect(config.session.absoluteLifetime == 12 * 3600, "the default")
        #expect(config.demoPreset == nil)
    }

    @Test func badValuesNameWhereTheyCameFrom() {
        // setup, action and check
        let cases: [([String: String], Environment, String)] = [
            (["port": "70000"], [:], "--port must be between 1 and 65535, not 70000"),
            ([:], ["WARTA_PORT": "delapan"], "WARTA_PORT must be a whole number, not 'delapan'"),
            (["bcrypt-cost": "4"], [:], "--bcrypt-cost must be between 10 and 16, not 4"),
            ([:], ["WARTA_TRUST_PROXY": "kadang"], "WARTA_TRUST_PROXY must be true or false, not 'kadang'"),
            (["public-url": "ftp://x"], [:], "--public-url: unknown value 'ftp://x'; an http(s) address such as https://humas.example.ac.id"),
            ([:], ["WARTA_LOG_LEVEL": "loud"], "WARTA_LOG_LEVEL: unknown value 'loud'; trace, debug, info, notice, warning or error"),
        ]
        for (flags, environment, message) in cases {
            #expect(throws: ConfigError(message)) { try AppConfig(ConfigSource(flags: flags, environment: environment)) }
        }
    }

    @Test func anUnknownPresetIsRefusedEvenWithoutDemo() {
        #expect(throws: ConfigError.self) { try AppConfig(ConfigSource(flags: ["preset": "tidak-ada"], environment: [:])) }
    }

    @Test func demoTakesThePresetFromItsVariable() throws {
        let config = try AppConfig(ConfigSource(flags: ["demo": "true"], environment: ["WARTA_PRESET": "kendal"]))
        #expect(config.demoPreset?.key == "kendal")
    }

    @Test func behindAProxyThePerAddressCapIsOffUnlessGiven() throws {
        #expect(try AppConfig(ConfigSource(flags: ["trust-proxy": "true"], environment: [:])).connectionLimits.maxConnectionsPerAddress == 0)
        #expect(try AppConfig(ConfigSource(flags: [:], environment: [:])).connectionLimits.maxConnectionsPerAddress == ConnectionLimits().maxConnectionsPerAddress)
        let given = try AppConfig(ConfigSource(flags: ["trust-proxy": "true", "max-connections-per-address": "10"], environment: [:]))
        #expect(given.connectionLimits.maxConnectionsPerAddress == 10)
    }

    @Test func ioThreadsAreOnePerFourCoresUnlessGiven() throws {
        #expect(AppConfig.defaultIOThreads == max(1, System.coreCount / 4))
        #expect(try AppConfig(ConfigSource(flags: [:], environment: [:])).ioThreads == AppConfig.defaultIOThreads)
        #expect(try AppConfig(ConfigSource(flags: [:], environment: ["WARTA_IO_THREADS": "3"])).ioThreads == 3)
        #expect(throws: ConfigError("--io-threads must be between 1 and 256, not 0")) {
            try AppConfig(ConfigSource(flags: ["io-threads": "0"], environment: [:]))
        }
        // One group per thread count for the whole process, the NIO singleton for one per core.
        #expect(IOThreads.group(3) === IOThreads.group(3))
        #expect(IOThreads.group(System.coreCount) === MultiThreadedEventLoopGroup.singleton)
    }

    @Test func mediaDefaultsToAFolderBesideTheDatabase() throws {
        let config = try AppConfig(ConfigSource(flags: ["db": "/srv/warta/warta.sqlite"], environment: [:]))
        #expect(config.mediaPath == "/srv/warta/media")
    }
}
