// The app imports one module: the uniffi bindings (this target) and the shell types.
@_exported import SharedTypes
