import { render } from 'preact';

function App() {
  return <main>Loki Mode Dashboard</main>;
}

const root = document.getElementById('root');
if (root) render(<App />, root);
