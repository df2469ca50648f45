fn main() {
    postil::run();
}
