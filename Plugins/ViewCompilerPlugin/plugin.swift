import Foundation
import PackagePlugin

/// Runs ViewCompiler on a target's templates and catalogues before the target is compiled.
///
/// Templates are `Views/**/*.html` and catalogues `Locales/*.json`, looked for first in the
/// target's own folder, then at the package root (where App's live). Every one is declared as an
/// input, so editing a template reruns the compiler and nothing else.
@main
struct ViewCompilerPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let fileManager = FileManager.default
        // `Target.directoryURL` needs tools 6.1; the package stays on 6.0.
        let targetDirectory = URL(fileURLWithPath: target.directory.string)
        func folder(_ name: String) -> URL {
            let own = targetDirectory.appending(path: name)
            return fileManager.fileExists(atPath: own.path) ? own : context.package.directoryURL.appending(path: name)
        }
        let views = folder("Views")
        let locales = folder("Locales")
        var inputs: [URL] = []
        if let enumerator = fileManager.enumerator(at: views, includingPropertiesForKeys: nil) {
            for case let url as URL in enumerator where url.pathExtension == "html" { inputs.append(url) }
        }
        for name in (try? fileManager.contentsOfDirectory(atPath: locales.path)) ?? [] where name.hasSuffix(".json") {
            inputs.append(locales.appending(path: name))
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "CompiledViews.swift")
        return [
            .buildCommand(
                displayName: "Compiling views of \(target.name)",
                executable: try context.tool(named: "ViewCompiler").url,
                arguments: ["--views", views.path, "--locales", locales.path, "--output", output.path],
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output]
            ),
        ]
    }
}
