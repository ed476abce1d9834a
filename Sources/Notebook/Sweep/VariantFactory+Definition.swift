extension VariantFactory {
    /// The experiment's configuration before its swept values are set, in canonical form (no
    /// source positions): what besides a point decides its variants. Round files digest it so a
    /// round proposed before the notebook's fixed settings were edited is not adopted after.
    public var baseDefinition: String { tree.configValue.canonicalJSON }
}
