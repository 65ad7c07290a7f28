// The resource builders moved to the testing module; tests keep importing them from here.
export * from "../../testing/resources";
